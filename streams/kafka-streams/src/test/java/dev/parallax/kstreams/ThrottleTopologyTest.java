package dev.parallax.kstreams;

import static dev.parallax.kstreams.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.contract.Topics;
import java.util.List;
import java.util.function.LongPredicate;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Throttle episodes through the topology (SPEC §4, default settings): device telemetry and inferences of one
 * device, merged and in event time, give an open episode that is replaced by its closed row.
 */
class ThrottleTopologyTest {

    private final DrivenTopology topology = new DrivenTopology(AnalyticsSettings.defaults());

    @AfterEach
    void stop() {
        topology.close();
    }

    /**
     * pi5-07 reports 70 °C each second, 85 °C from 20 s to 59 s, 70 °C again from 60 s; it runs an inference every
     * 2 s (at 1.5 s, 3.5 s, ...), 10 ms normally and 20 ms while hot.
     */
    private void sendTimeline(long fromSecond, long toSecond) {
        sendTimeline(topology, fromSecond, toSecond, s -> true);
    }

    private static void sendTimeline(DrivenTopology topology, long fromSecond, long toSecond, LongPredicate keyedByDevice) {
        for (long s = fromSecond; s < toSecond; s++) {
            topology.send(TestEvents.deviceSample("pi5-07", T0 + s * 1000, s >= 20 && s < 60 ? 85 : 70), keyedByDevice.test(s));
            if (s % 2 == 1) {
                long time = T0 + s * 1000 + 500;
                topology.send(TestEvents.inference(time, s >= 20 && s < 60 ? 20 : 10).setDeviceId("pi5-07").build(),
                        keyedByDevice.test(s + 1));
            }
        }
    }

    /**
     * Records keyed by their device go straight to the detector, others through the repartition topic; however a
     * device's records are keyed, one detector sees them all and the rows are the same.
     */
    @Test
    void recordsKeyedOtherwiseReachTheSameDetector() {
        sendTimeline(topology, 0, 100, s -> true);
        topology.tick();
        List<KeyValue<String, JsonNode>> expected = topology.read(Topics.THROTTLE);
        assertEquals(1, expected.size());
        for (LongPredicate keying : List.<LongPredicate>of(s -> false, s -> s % 3 == 0)) {
            try (DrivenTopology other = new DrivenTopology(AnalyticsSettings.defaults())) {
                sendTimeline(other, 0, 100, keying);
                other.tick();
                assertEquals(expected, other.read(Topics.THROTTLE));
            }
        }
    }

    @Test
    void openEpisodeIsEmittedThenReplacedByTheClosedOne() {
        // Up to 75 s: the detector's watermark (newest minus 30 s grace) is at 45 s, the episode is open.
        sendTimeline(0, 76);
        topology.tick();
        List<KeyValue<String, JsonNode>> open = topology.read(Topics.THROTTLE);
        assertEquals(1, open.size(), "open updates of one interval coalesce into one row: " + open);
        JsonNode row = open.getFirst().value;
        String episodeId = open.getFirst().key;
        assertEquals(episodeId, row.get("episode_id").asText());
        assertEquals(1, row.get("is_open").asInt());
        assertTrue(row.get("end_time").isNull());
        assertEquals(T0 + 20_000, row.get("start_time").asLong());
        // The newest update is at the 40 s sample (updates at most every 10 s of event time: 30 s, 40 s).
        assertEquals(20_000, row.get("duration_ms").asLong());
        assertEquals(2 * (T0 + 40_000), row.get("version").asLong());

        sendTimeline(76, 100);
        topology.tick();
        List<KeyValue<String, JsonNode>> closed = topology.read(Topics.THROTTLE);
        JsonNode last = closed.getLast().value;
        assertEquals(episodeId, closed.getLast().key, "the closed row has the open row's key");
        assertEquals(0, last.get("is_open").asInt());
        assertEquals("pi5-07", last.get("device_id").asText());
        assertEquals("pi5-hailo8l", last.get("device_class").asText());
        assertEquals(T0 + 20_000, last.get("start_time").asLong());
        assertEquals(T0 + 60_000, last.get("end_time").asLong(), "ends at the first cool sample");
        assertEquals(40_000, last.get("duration_ms").asLong());
        assertEquals(85.0, last.get("peak_temp_c").asDouble());
        assertEquals(85.0, last.get("mean_temp_c").asDouble());
        assertEquals(60, last.get("samples").asLong(), "40 telemetry samples and 20 inferences from 20 s to 59.5 s");
        assertEquals(20, last.get("inferences").asLong());
        assertEquals(1, last.get("tests_affected").asInt());
        assertEquals(2.0, last.get("latency_inflation").asDouble(), 0.02,
                "20 ms inside against 10 ms before, medians sketched within 0.5 %");
        assertTrue(last.get("version").asLong() > row.get("version").asLong());
    }

    @Test
    void aSpikeShorterThanTheMinimumHotSpanIsNoise() {
        for (long s = 0; s < 60; s++) {
            topology.send(TestEvents.deviceSample("pi5-08", T0 + s * 1000, s >= 10 && s < 15 ? 90 : 60));
        }
        topology.tick();
        assertTrue(topology.read(Topics.THROTTLE).isEmpty());
    }
}
