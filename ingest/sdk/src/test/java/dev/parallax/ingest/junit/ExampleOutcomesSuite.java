package dev.parallax.ingest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.schema.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A user's test class whose tests end every way a test can, run by {@link ParallaxExtensionTest} through the JUnit
 * Platform (not by surefire): its run's FINISHED lists each with its outcome, duration and latency percentiles.
 */
@RecordInferences(model = "resnet50", precision = Precision.FP16, suite = "outcomes")
class ExampleOutcomesSuite {

    /** Latencies 1, 2, ..., 100 ms: p50 50 ms, p99 99 ms. */
    @Test
    @DisplayName("100 inferences of known latency")
    void recordsKnownLatencies(InferenceRecorder recorder) {
        for (int ms = 1; ms <= 100; ms++) {
            double latency = ms;
            recorder.record(event -> event.setInputId("img-" + latency).setLatencyMs(latency));
        }
    }

    @Test
    void failsAfterAWhile(InferenceRecorder recorder) throws Exception {
        recorder.record(event -> event.setInputId("img-slow").setLatencyMs(75.0));
        Thread.sleep(60);
        assertEquals("cat", "dog", "the model's answer");
    }

    @Test
    void abortsOnAnAssumption() {
        Assumptions.assumeTrue(false, "no Hailo board attached");
    }

    /** Disabled on purpose: a disabled test is one of the ways a test ends, listed as SKIPPED. */
    @Test
    @Disabled("waiting for the INT4 export")
    void isDisabled() {
    }
}
