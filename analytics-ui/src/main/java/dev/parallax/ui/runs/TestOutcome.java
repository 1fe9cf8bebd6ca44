package dev.parallax.ui.runs;

/**
 * One test of a run as its runner listed it (RunEvent v2's {@code tests}): how it ended, how long it took, and the
 * latency of the inferences it recorded ({@code NaN} when it recorded none).
 */
public record TestOutcome(String testId, String displayName, String outcome, long durationMs, long inferences,
                          double latencyP50Ms, double latencyP99Ms) {

    /** Failed and aborted tests are what a reader of a run looks for first. */
    public boolean failed() {
        return outcome.equals("FAILED") || outcome.equals("ABORTED");
    }
}
