package dev.parallax.ingest.junit;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import dev.parallax.codec.Limits;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Status;
import dev.parallax.schema.TestOutcome;
import dev.parallax.schema.TestResult;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One execution of a test while it runs: when it started, and the inferences it recorded, their latencies in a
 * DDSketch (the relative-error sketch of the latency windows, SPEC section 3): p50 and p99 within 1 % of exact in a
 * few kilobytes, however many inferences the test makes. Threads of one test may record at once.
 */
final class TestExecution {

    /** 1 % relative error, as SPEC section 3 asks of every reported quantile. */
    private static final double RELATIVE_ACCURACY = 0.01;
    /** Bins of 2 % width: 2,048 of them span latencies from nanoseconds to days, so none is ever collapsed. */
    private static final int MAX_BINS = 2_048;

    private final String testId;
    private final String displayName;
    private final long startedNanos;
    private final DDSketch latencies = DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
    private int inferences;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    TestExecution(String testId, String displayName, long startedNanos) {
        this.testId = testId;
        this.displayName = displayName;
        this.startedNanos = startedNanos;
    }

    String testId() {
        return testId;
    }

    /** Counts the inference; an OK one with a latency also counts towards the test's latency percentiles. */
    synchronized void recorded(InferenceEvent event) {
        inferences++;
        Double latency = event.getLatencyMs();
        if (event.getStatus() == Status.OK && latency != null && latency >= 0 && latency < Double.POSITIVE_INFINITY) {
            latencies.accept(latency);
            min = Math.min(min, latency);
            max = Math.max(max, latency);
        }
    }

    /** The test's outcome record, as it ended at {@code endedNanos} (same clock as the start). */
    synchronized TestOutcome ended(TestResult result, long endedNanos) {
        TestOutcome.Builder outcome = TestOutcome.newBuilder()
                .setTestId(truncated(testId))
                .setDisplayName(truncated(displayName))
                .setOutcome(result)
                .setDurationMs(Math.max(0, (endedNanos - startedNanos) / 1_000_000))
                .setInferences(inferences);
        if (!latencies.isEmpty()) {
            outcome.setLatencyP50Ms(quantile(0.5)).setLatencyP99Ms(quantile(0.99));
        }
        return outcome.build();
    }

    /** A bucket's representative value can lie just outside the data: the exact extremes bound it. */
    private double quantile(double q) {
        return Math.min(max, Math.max(min, latencies.getValueAtQuantile(q)));
    }

    /**
     * At most {@link Limits#MAX_NAME_BYTES} of UTF-8, cut at a character boundary: an over-long name would make the
     * whole FINISHED invalid, losing every outcome of the run for the sake of one name's tail.
     */
    static String truncated(String name) {
        if (name.length() * 3 <= Limits.MAX_NAME_BYTES
                || name.getBytes(StandardCharsets.UTF_8).length <= Limits.MAX_NAME_BYTES) {
            return name;
        }
        // The encoder stops at the last whole character that fits, leaving room for the ellipsis.
        CharBuffer in = CharBuffer.wrap(name);
        StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .encode(in, ByteBuffer.allocate(Limits.MAX_NAME_BYTES - 3), true);
        return name.substring(0, in.position()) + "…";
    }
}
