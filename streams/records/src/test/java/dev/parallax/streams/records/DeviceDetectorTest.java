package dev.parallax.streams.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.analytics.throttle.ThrottleSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The samples a device's detector keeps for saving: every one not yet processed, and never many more. */
class DeviceDetectorTest {

    private static ThermalSample sample(int i) {
        return ThermalSample.telemetry("s-" + i, "pi5-07", "pi5", 1_000_000 + i * 10L, 70.0, 0);
    }

    @Test
    void samplesNeverTakenStayWithinTwiceTheGraceBuffer() {
        DeviceDetector detector = DeviceDetector.fresh(ThrottleSettings.defaults());
        // 100 samples/s for 10 minutes: a grace buffer of 30 s holds 3,000.
        for (int i = 0; i < 60_000; i++) detector.onSample(sample(i));
        int waiting = detector.detector().pending().size();
        List<ThermalSample> unsaved = detector.takeUnsaved();
        assertTrue(unsaved.size() <= 2 * waiting + 1_024, unsaved.size() + " kept for " + waiting + " waiting");
        assertTrue(unsaved.containsAll(detector.detector().pending()), "every waiting sample is still to be saved");
    }

    @Test
    void takingEmptiesTheListAndLaterSamplesAreKeptAgain() {
        DeviceDetector detector = DeviceDetector.fresh(ThrottleSettings.defaults());
        for (int i = 0; i < 10; i++) detector.onSample(sample(i));
        assertEquals(10, detector.takeUnsaved().size());
        assertEquals(0, detector.takeUnsaved().size());
        detector.onSample(sample(10));
        assertEquals(List.of(sample(10)), detector.takeUnsaved());
    }
}
