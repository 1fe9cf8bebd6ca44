package dev.parallax.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.ingest.EventSink;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --clock-offset}: a fleet whose clocks are wrong stamps every event off by it, and sends it on time. */
class ClockOffsetTest {

    static final long START = 1_767_225_600_000L;

    @Test
    void everyEventTimeIsShiftedByTheOffsetAndNothingElseChanges() {
        List<Sent> truth = simulate(Duration.ZERO);
        for (Duration offset : List.of(Duration.ofMinutes(10), Duration.ofMinutes(-5))) {
            List<Sent> off = simulate(offset);
            assertEquals(truth.size(), off.size());
            assertEquals(3, off.stream().map(Sent::kind).distinct().count(), "inferences, samples and runs");
            for (int i = 0; i < truth.size(); i++) {
                Sent t = truth.get(i);
                Sent o = off.get(i);
                assertEquals(t.eventId(), o.eventId(), "same events in the same sending order");
                assertEquals(t.eventTime() + offset.toMillis(), o.eventTime(), o.kind() + " " + o.eventId());
            }
        }
    }

    @Test
    void inRealTimeEventsAreSentWhenTheyHappenNotWhenTheirClockSays() {
        Duration offset = Duration.ofMinutes(10);
        List<Sent> sent = new ArrayList<>();
        // No late events: the 2 s run would flush them at its end, long before their delay.
        FleetSimulator.builder().seed(5).devices(4).rate(200).lateShare(0).clockOffset(offset).build()
                .run(new Recorder(sent), Duration.ofSeconds(2), true, () -> true);
        assertTrue(sent.size() > 100, "events: " + sent.size());
        for (Sent s : sent) {
            long ahead = s.eventTime() - s.sentAtMs();
            assertEquals(offset.toMillis(), ahead, 1_000, s.kind() + " stamped " + ahead + " ms after it was sent");
        }
    }

    @Test
    void offsetsParseWithASignAndAUnit() {
        assertEquals(Duration.ofMinutes(10), FleetSimulatorMain.parseDuration("10m"));
        assertEquals(Duration.ofMinutes(-5), FleetSimulatorMain.parseDuration("-5m"));
        assertEquals(Duration.ofSeconds(90), FleetSimulatorMain.parseDuration("90s"));
        assertEquals(Duration.ofHours(2), FleetSimulatorMain.parseDuration("2h"));
        assertEquals(Duration.ZERO, FleetSimulatorMain.parseDuration("0"));
        assertThrows(DateTimeParseException.class, () -> FleetSimulatorMain.parseDuration("soon"));
    }

    private static List<Sent> simulate(Duration offset) {
        List<Sent> sent = new ArrayList<>();
        FleetSimulator.builder().seed(3).devices(6).rate(50).startEpochMs(START).clockOffset(offset).build()
                .run(new Recorder(sent), Duration.ofMinutes(3), false, () -> true);
        return sent;
    }

    record Sent(String kind, String eventId, long eventTime, long sentAtMs) {
    }

    record Recorder(List<Sent> sent) implements EventSink {
        @Override
        public void publish(InferenceEvent e) {
            sent.add(new Sent("inference", e.getEventId(), e.getEventTime(), System.currentTimeMillis()));
        }

        @Override
        public void publish(DeviceSample s) {
            sent.add(new Sent("device sample", s.getEventId(), s.getEventTime(), System.currentTimeMillis()));
        }

        @Override
        public void publish(RunEvent r) {
            sent.add(new Sent("run", r.getEventId(), r.getEventTime(), System.currentTimeMillis()));
        }
    }
}
