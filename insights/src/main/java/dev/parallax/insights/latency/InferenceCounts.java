package dev.parallax.insights.latency;

import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many inferences there were: the one definition the overview, the test page, the reports, placement and the
 * rules use. An inference counts once (SPEC §3a): it is in the latest version of its 1-minute window (a window is
 * re-emitted with a higher version when late events amend it, so every read is {@code FINAL}), whatever its status,
 * and resent copies of it are in no window twice. Events beyond the horizon are in no window: they are the key's
 * "too late" figure, counted apart. A period holds the windows that start in it ({@link Period}).
 */
public final class InferenceCounts {

    /**
     * The raw events with each event_id once, for the figures windows do not hold (energy, per-device rates, runs):
     * a resent event is stored again until the engine merges the copies, and FINAL merges them at read time (the
     * sort key ends in the event's own time and id, so copies share it).
     */
    public static final String EVENTS = "parallax.inference_events FINAL";

    /** One latency key's counts over a period. */
    public record KeyCount(String testId, String modelName, String modelVersion, String precision, String tier,
                           String deviceClass, long inferences, long errors, long tooLate) {
    }

    /** A test's inferences over a period, per tier; its current tier is the one most of them ran on. */
    public record TestCount(String testId, Map<String, Long> byTier) {

        public long inferences() {
            return byTier.values().stream().mapToLong(Long::longValue).sum();
        }

        public String currentTier() {
            return byTier.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        }
    }

    private final LatencyWindows windows;

    public InferenceCounts(Warehouse warehouse) {
        this.windows = new LatencyWindows(warehouse);
    }

    /** Per latency key of {@code testId} (every test when empty), edge keys first. */
    public List<KeyCount> perKey(String testId, Period period) {
        return windows.countsPerKey(testId, period);
    }

    /** Every test with windows in the period, by test id. */
    public List<TestCount> perTest(Period period) {
        Map<String, Map<String, Long>> byTest = new TreeMap<>();
        for (KeyCount k : perKey("", period)) {
            byTest.computeIfAbsent(k.testId(), t -> new LinkedHashMap<>()).merge(k.tier(), k.inferences(), Long::sum);
        }
        List<TestCount> tests = new ArrayList<>();
        byTest.forEach((test, tiers) -> tests.add(new TestCount(test, tiers)));
        return tests;
    }
}
