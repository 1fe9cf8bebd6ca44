package dev.parallax.codec;

import dev.parallax.schema.RunEvent;
import dev.parallax.schema.TestOutcome;
import java.util.List;

/** Rules for {@link RunEvent}. */
final class RunEventValidator implements EventValidator<RunEvent> {

    @Override
    public void validate(RunEvent e, Limits limits, Violations v) {
        v.requireUuid("event_id", e.getEventId());
        v.requireEpochMillis("event_time", e.getEventTime());
        v.requireText("run_id", e.getRunId());
        v.requirePresent("phase", e.getPhase());
        v.requirePresent("trigger", e.getTrigger());
        v.maxBytes("run_id", e.getRunId(), Limits.MAX_NAME_BYTES);
        v.maxBytes("git_sha", e.getGitSha(), Limits.MAX_NAME_BYTES);
        v.attributes(e.getAttributes());
        tests(e.getTests(), v);
    }

    private static void tests(List<TestOutcome> tests, Violations v) {
        if (tests == null) {
            return;
        }
        if (tests.size() > Limits.MAX_TESTS) {
            v.add("tests has %d entries; at most %d allowed".formatted(tests.size(), Limits.MAX_TESTS));
            return;
        }
        for (int i = 0; i < tests.size(); i++) {
            TestOutcome t = tests.get(i);
            String at = "tests[" + i + "].";
            v.requireText(at + "test_id", t.getTestId());
            v.maxBytes(at + "test_id", t.getTestId(), Limits.MAX_NAME_BYTES);
            v.requirePresent(at + "display_name", t.getDisplayName());
            v.maxBytes(at + "display_name", t.getDisplayName(), Limits.MAX_NAME_BYTES);
            v.requirePresent(at + "outcome", t.getOutcome());
            v.atLeast(at + "duration_ms", t.getDurationMs(), 0);
            v.atLeast(at + "inferences", t.getInferences(), 0);
            v.finiteNonNegative(at + "latency_p50_ms", t.getLatencyP50Ms());
            v.finiteNonNegative(at + "latency_p99_ms", t.getLatencyP99Ms());
            if (t.getLatencyP50Ms() != null && t.getLatencyP99Ms() != null && t.getLatencyP50Ms() > t.getLatencyP99Ms()) {
                v.add("%slatency_p50_ms %s exceeds latency_p99_ms %s".formatted(at, t.getLatencyP50Ms(), t.getLatencyP99Ms()));
            }
        }
    }
}
