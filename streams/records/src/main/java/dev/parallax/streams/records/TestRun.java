package dev.parallax.streams.records;

import java.util.Objects;

/**
 * The test and run an inference belongs to. The divergence operators see only outputs; a pair row still names
 * its candidate's test and run, so runs can be compared pair by pair.
 */
public record TestRun(String testId, String runId) {

    public TestRun {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(runId, "runId");
    }
}
