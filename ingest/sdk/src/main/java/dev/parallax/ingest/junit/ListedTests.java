package dev.parallax.ingest.junit;

import dev.parallax.codec.Limits;
import dev.parallax.schema.TestOutcome;
import dev.parallax.schema.TestResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The test outcomes a run lists in its FINISHED, at most {@link Limits#MAX_TESTS} of them: when there are more, a
 * failed or aborted test takes the place of a passed or skipped one, since those are what a reader of a broken run
 * looks for (the run's attributes count every test either way). Not thread-safe: callers synchronise.
 */
final class ListedTests {

    private final int capacity;
    /** FAILED and ABORTED, in the order they ended. */
    private final List<TestOutcome> problems = new ArrayList<>();
    /** PASSED and SKIPPED, in the order they ended. */
    private final List<TestOutcome> others = new ArrayList<>();

    ListedTests() {
        this(Limits.MAX_TESTS);
    }

    ListedTests(int capacity) {
        this.capacity = capacity;
    }

    void add(TestOutcome outcome) {
        boolean problem = outcome.getOutcome() == TestResult.FAILED || outcome.getOutcome() == TestResult.ABORTED;
        if (problems.size() + others.size() < capacity) {
            (problem ? problems : others).add(outcome);
        } else if (problem && !others.isEmpty()) {
            others.remove(others.size() - 1);
            problems.add(outcome);
        }
    }

    void addAll(List<TestOutcome> outcomes) {
        outcomes.forEach(this::add);
    }

    /** Failed and aborted tests first, then the others, each in the order they ended. */
    List<TestOutcome> list() {
        List<TestOutcome> all = new ArrayList<>(problems);
        all.addAll(others);
        return all;
    }

    /**
     * The summary's per-test latency part: p50/p99 of the {@code shown} tests with the highest p99 among those that
     * recorded inferences, e.g. {@code latency p50/p99 per test: Golden#int8 4.52/9.31 ms, ... (+3 more)}; empty
     * when no test recorded a latency.
     */
    String latencySummary(int shown) {
        List<TestOutcome> measured = new ArrayList<>();
        for (TestOutcome t : list()) {
            if (t.getLatencyP99Ms() != null) measured.add(t);
        }
        if (measured.isEmpty()) return "";
        measured.sort(Comparator.comparingDouble(TestOutcome::getLatencyP99Ms).reversed());
        StringBuilder line = new StringBuilder("latency p50/p99 per test: ");
        for (int i = 0; i < Math.min(shown, measured.size()); i++) {
            TestOutcome t = measured.get(i);
            if (i > 0) line.append(", ");
            line.append(shortName(t.getTestId())).append(' ').append(millis(t.getLatencyP50Ms())).append('/')
                    .append(millis(t.getLatencyP99Ms())).append(" ms");
        }
        if (measured.size() > shown) line.append(" (+").append(measured.size() - shown).append(" more)");
        return line.toString();
    }

    /** {@code com.example.GoldenSetTest#int8} as {@code GoldenSetTest#int8}: the package repeats on every test. */
    static String shortName(String testId) {
        int method = testId.indexOf('#');
        int dot = testId.lastIndexOf('.', method < 0 ? testId.length() : method);
        return testId.substring(dot + 1);
    }

    /** Three significant digits or more, no exponent: 0.0123, 4.52, 12.5, 1830. */
    static String millis(double ms) {
        String pattern = ms < 1 ? "%.4f" : ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, pattern, ms);
    }
}
