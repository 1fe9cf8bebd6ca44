package dev.parallax.kstreams;

import static dev.parallax.kstreams.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.contract.Topics;
import dev.parallax.metrics.PipelineMetrics;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * SPEC §3a on the Kafka Streams topology: the traffic of a real fleet (a finished run uploaded at once, a device
 * clock ahead, a spool replayed after an outage, a resent batch, the same events in any order) gives windows
 * holding exactly the events sent.
 */
class ArrivalTopologyTest {

    private static final long MINUTE = 60_000;
    /** When the broker appended the live events of these tests: an hour after T0. */
    private static final long NOW = T0 + 60 * MINUTE;

    @Test
    void aFinishedRunUploadedAtOnceFillsItsWindowsWhileTheFleetStreamsLive() {
        try (DrivenTopology topology = new DrivenTopology(AnalyticsSettings.defaults())) {
            // Live traffic of another device of the same key reaches NOW first.
            for (int i = 0; i < 20; i++) topology.send(event("live", NOW + i * 3_000, "pi5-02"), NOW + i * 3_000);
            // Then a runner posts its 15-minute run, 45 minutes old, in one batch.
            List<InferenceEvent> run = new ArrayList<>();
            for (int i = 0; i < 300; i++) run.add(event("run", T0 + i * 3_000, "pi5-01"));
            run.forEach(event -> topology.send(event, NOW + MINUTE));
            topology.tick();

            Map<Long, JsonNode> windows = latest(topology);
            assertEquals(300, countBetween(windows, T0, T0 + 15 * MINUTE), "every event of the run in its window");
            assertEquals(15, windows.keySet().stream().filter(start -> start < T0 + 15 * MINUTE).count(), "in 15 windows");
            assertEquals(20, countBetween(windows, NOW, NOW + MINUTE));
            assertEquals(0, lateEvents(windows));
        }
    }

    @Test
    void aDeviceClockAheadClosesNobodyElsesWindows() {
        try (DrivenTopology topology = new DrivenTopology(AnalyticsSettings.defaults())) {
            // A device ten minutes ahead, then a right-clock device of the same class and test.
            for (int i = 0; i < 100; i++) topology.send(event("ahead", NOW + 10 * MINUTE + i * 100, "pi5-fast"), NOW + i * 100);
            for (int i = 0; i < 100; i++) topology.send(event("right", NOW + i * 100, "pi5-01"), NOW + i * 100);
            topology.tick();

            Map<Long, JsonNode> windows = latest(topology);
            assertEquals(100, windows.get(NOW).get("count").asLong(), "the right clock's window is not closed");
            assertEquals(100, windows.get(NOW + 10 * MINUTE).get("count").asLong(), "ten minutes ahead is believed");
            assertEquals(0, lateEvents(windows));
        }
    }

    @Test
    void aClockFarAheadIsPlacedAtItsArrivalNotRefused() {
        try (DrivenTopology topology = new DrivenTopology(AnalyticsSettings.defaults())) {
            long monthAhead = NOW + Duration.ofDays(30).toMillis();
            topology.send(event("month", monthAhead, "pi5-rtc-less"), NOW + 5_000);
            topology.send(event("right", NOW + 1_000, "pi5-01"), NOW + 1_000);
            topology.tick();

            Map<Long, JsonNode> windows = latest(topology);
            assertEquals(2, windows.get(NOW).get("count").asLong(), "placed at its arrival, beside the right clock");
            assertTrue(topology.deadLetters().isEmpty(), "kept, not refused");
        }
    }

    @Test
    void aSpoolReplayedAfterAnOutageAmendsItsWindows() {
        try (DrivenTopology topology = new DrivenTopology(AnalyticsSettings.defaults())) {
            for (int i = 0; i < 10; i++) topology.send(event("before", T0 + i * 1_000, "pi5-01"), T0 + i * 1_000);
            topology.tick();
            assertEquals(10, latest(topology).get(T0).get("count").asLong());
            // 40 minutes offline, then the spool (20 minutes of backlog, the first minute included) and live again.
            for (int i = 0; i < 300; i++) topology.send(event("spool", T0 + 10_000 + i * 4_000, "pi5-01"), NOW);
            for (int i = 0; i < 10; i++) topology.send(event("after", NOW + i * 1_000, "pi5-01"), NOW + i * 1_000);
            topology.tick();

            Map<Long, JsonNode> windows = latest(topology);
            assertEquals(10 + 13, windows.get(T0).get("count").asLong(), "the first minute amended, not replaced");
            assertEquals(10 + 300 + 10, countBetween(windows, T0, NOW + MINUTE));
            assertEquals(0, lateEvents(windows));
        }
    }

    @Test
    void aResentBatchChangesNothing() {
        try (DrivenTopology topology = new DrivenTopology(AnalyticsSettings.defaults())) {
            List<InferenceEvent> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) batch.add(event("batch", T0 + i * 100, "pi5-01"));
            batch.forEach(event -> topology.send(event, NOW));
            topology.tick();
            Map<Long, JsonNode> once = latest(topology);
            batch.forEach(event -> topology.send(event, NOW + MINUTE));
            topology.tick();

            assertTrue(topology.read(Topics.LATENCY).isEmpty(), "no window changed");
            assertEquals(200, countBetween(once, T0, T0 + MINUTE));
        }
    }

    @Test
    void eventsBeyondTheirKeysHorizonAreCountedTooLateInItsNewestWindow() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AnalyticsSettings settings = AnalyticsSettings.builder().metrics(new PipelineMetrics(registry))
                .arrival(ArrivalPolicy.of(Duration.ofMinutes(30), ArrivalPolicy.DEFAULT_MAX_CLOCK_AHEAD)).build();
        try (DrivenTopology topology = new DrivenTopology(settings)) {
            topology.send(event("new", NOW, "pi5-01"), NOW);
            topology.tick();
            topology.send(event("within", NOW - 29 * MINUTE, "pi5-01"), NOW);
            topology.send(event("beyond", NOW - 31 * MINUTE - 1, "pi5-01"), NOW);
            topology.send(event("beyond-too", NOW - 45 * MINUTE, "pi5-01"), NOW);
            // Another key (a cloud test) has its own clock: the same old time is within its horizon.
            topology.send(InferenceEvent.newBuilder(event("other-key", NOW - 45 * MINUTE, "a10g-1")).setTier(Tier.CLOUD).build(), NOW);
            topology.tick();

            List<JsonNode> rows = topology.read(Topics.LATENCY).stream().map(kv -> kv.value).toList();
            JsonNode newest = rows.stream().filter(r -> r.get("window_start").asLong() == NOW && r.get("tier").asText().equals("EDGE"))
                    .reduce((a, b) -> b).orElseThrow();
            assertEquals(1, newest.get("count").asLong());
            assertEquals(2, newest.get("late_events").asLong(), "too late, counted where the key is now");
            assertEquals(List.of(NOW - 29 * MINUTE, NOW), rows.stream().filter(r -> r.get("tier").asText().equals("EDGE"))
                    .map(r -> r.get("window_start").asLong()).distinct().sorted().toList(), "no window opened beyond the horizon");
            assertTrue(rows.stream().anyMatch(r -> r.get("tier").asText().equals("CLOUD") && r.get("count").asLong() == 1));
            assertEquals(Map.of("late", 1.0, "too late", 2.0), Map.of(
                    "late", counted(registry, "parallax.late.events"), "too late", counted(registry, "parallax.too.late.events")),
                    "the one within the horizon amended an older window; the other key's first event is not late");
        }
    }

    private static double counted(SimpleMeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void theSameEventsInAnyArrivalOrderGiveTheSameWindows() {
        List<InferenceEvent> events = new ArrayList<>();
        for (int device = 0; device < 4; device++) {
            for (int i = 0; i < 60; i++) events.add(event("d" + device, T0 + i * 10_000 + device * 7, "pi5-0" + device));
        }
        Map<String, JsonNode> inOrder = windowsAfter(events);
        for (long seed = 1; seed <= 2; seed++) {
            List<InferenceEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, new Random(seed));
            shuffled.addAll(shuffled.subList(0, 40)); // some delivered twice
            assertEquals(inOrder, windowsAfter(shuffled), "arrival order " + seed);
        }
        assertEquals(240, inOrder.values().stream().mapToLong(row -> row.get("count").asLong()).sum());
    }

    private static Map<String, JsonNode> windowsAfter(List<InferenceEvent> events) {
        try (DrivenTopology topology = new DrivenTopology(AnalyticsSettings.defaults())) {
            // Delivered in three chunks, windows emitted in between, as a live job would.
            for (int i = 0; i < events.size(); i++) {
                topology.send(events.get(i), NOW + i);
                if (i % 100 == 99) topology.tick();
            }
            topology.tick();
            Map<String, JsonNode> latest = new TreeMap<>();
            for (KeyValue<String, JsonNode> row : topology.read(Topics.LATENCY)) latest.put(row.key, row.value);
            return latest;
        }
    }

    private static InferenceEvent event(String name, long eventTime, String deviceId) {
        return TestEvents.inference(eventTime, 5 + Math.floorMod(eventTime, 97)).setDeviceId(deviceId)
                .setEventId(UUID.nameUUIDFromBytes((name + "/" + deviceId + "/" + eventTime).getBytes()).toString()).build();
    }

    /** The newest row of each window of the edge key, by window start. */
    private static Map<Long, JsonNode> latest(DrivenTopology topology) {
        Map<Long, JsonNode> latest = new TreeMap<>();
        for (KeyValue<String, JsonNode> row : topology.read(Topics.LATENCY)) latest.put(row.value.get("window_start").asLong(), row.value);
        return latest;
    }

    private static long countBetween(Map<Long, JsonNode> windows, long from, long to) {
        return windows.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() < to)
                .mapToLong(e -> e.getValue().get("count").asLong()).sum();
    }

    private static long lateEvents(Map<Long, JsonNode> windows) {
        return windows.values().stream().mapToLong(row -> row.get("late_events").asLong()).sum();
    }
}
