package dev.parallax.insights.reports;

import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.alert.FleetSnapshot.DeadLetterCount;
import dev.parallax.analytics.alert.FleetSnapshot.DivergenceSeries;
import dev.parallax.analytics.alert.FleetSnapshot.DriftSample;
import dev.parallax.analytics.alert.FleetSnapshot.LatencySeries;
import dev.parallax.analytics.alert.FleetSnapshot.ThrottleShare;
import dev.parallax.analytics.alert.FleetSnapshot.TierComparison;
import dev.parallax.analytics.alert.FleetSnapshot.Window;
import dev.parallax.analytics.alert.FleetSnapshot;
import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.insights.divergence.DivergencePairs;
import dev.parallax.insights.latency.LatencyWindows;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alert rules' view of one run (for the CI gate): latency windows sketched from the run's own inferences, edge
 * vs cloud over the whole run, the run against the 7 days of windows before it, the divergence of the run's pairs
 * and the run's inferences inside throttle episodes. Devices and dead letters are not a run's: they stay empty.
 */
final class RunSnapshots {

    static final Duration BASELINE = Duration.ofDays(7);
    private final Warehouse warehouse;
    private final LatencyWindows windows;
    private final DivergencePairs pairs;

    RunSnapshots(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.windows = new LatencyWindows(warehouse);
        this.pairs = new DivergencePairs(warehouse);
    }

    record Key(String testId, String model, Tier tier, String deviceClass) {
    }

    /** The run's snapshot at its last inference; empty when the run has no inferences. */
    Optional<FleetSnapshot> read(String runId) {
        Map<Key, TreeMap<Instant, DDQuantileSketch>> windows = new HashMap<>();
        Instant[] span = {null, null};
        double accuracy = accuracy();
        warehouse.query("""
                SELECT test_id, model_name, tier, device_class, toStartOfMinute(event_time) AS minute, event_time,
                    latency_ms
                FROM\s""" + InferenceCounts.EVENTS + """

                WHERE run_id = ? AND status = 'OK' AND latency_ms IS NOT NULL
                """, rs -> {
            Instant at = Warehouse.instant(rs, "event_time");
            span[0] = span[0] == null || at.isBefore(span[0]) ? at : span[0];
            span[1] = span[1] == null || at.isAfter(span[1]) ? at : span[1];
            DDQuantileSketch window = windows.computeIfAbsent(new Key(rs.getString("test_id"),
                            rs.getString("model_name"), Tier.valueOf(rs.getString("tier")),
                            rs.getString("device_class")), k -> new TreeMap<>())
                    .computeIfAbsent(Warehouse.instant(rs, "minute"),
                            m -> DDQuantileSketch.withRelativeAccuracy(accuracy));
            window.add(rs.getDouble("latency_ms"));
            return window;
        }, runId);
        if (windows.isEmpty()) {
            return Optional.empty();
        }
        Map<Key, DDQuantileSketch> baseline = baseline(runId, span[0]);
        List<LatencySeries> latency = new ArrayList<>();
        List<DriftSample> drift = new ArrayList<>();
        Map<String, DDQuantileSketch[]> tiers = new TreeMap<>();
        windows.forEach((key, byMinute) -> {
            DDQuantileSketch all = DDQuantileSketch.withRelativeAccuracy(accuracy);
            List<Window> series = new ArrayList<>();
            byMinute.forEach((minute, sketch) -> {
                series.add(new Window(minute, sketch));
                all.merge(sketch);
            });
            latency.add(new LatencySeries(key.testId(), key.model(), key.tier(), key.deviceClass(), series));
            DDQuantileSketch[] pair = tiers.computeIfAbsent(key.testId(), t -> new DDQuantileSketch[2]);
            int slot = key.tier() == Tier.EDGE ? 0 : 1;
            if (pair[slot] == null) {
                pair[slot] = all.copy();
            } else {
                pair[slot].merge(all);
            }
            DDQuantileSketch base = baseline.get(key);
            if (base != null) {
                drift.add(new DriftSample(key.testId(), key.model(), key.tier(), key.deviceClass(), all, base));
            }
        });
        // A run on one tier is compared with the other tier's 7 days before it, as the alert compares whatever
        // ran on each tier in its hour: a run of edge devices only is still judged against the cloud.
        baseline.forEach((key, sketch) -> {
            DDQuantileSketch[] pair = tiers.get(key.testId());
            int slot = key.tier() == Tier.EDGE ? 0 : 1;
            if (pair != null && !ran(windows.keySet(), key.testId(), key.tier())) {
                if (pair[slot] == null) pair[slot] = sketch.copy(); else pair[slot].merge(sketch);
            }
        });
        List<TierComparison> comparisons = new ArrayList<>();
        tiers.forEach((test, s) -> {
            if (s[0] != null && s[1] != null) {
                comparisons.add(new TierComparison(test, s[0], s[1]));
            }
        });
        return Optional.of(new FleetSnapshot(span[1], latency, comparisons, drift, divergence(runId),
                throttle(runId), List.of(), DeadLetterCount.NONE));
    }

    /** The accuracy of the pipeline's stored sketches, so run and baseline sketches merge and compare. */
    private double accuracy() {
        return windows.anySketch().map(DDQuantileSketch::relativeAccuracy)
                .orElse(LatencySettings.DEFAULT_RELATIVE_ACCURACY);
    }

    private static boolean ran(Set<Key> runKeys, String testId, Tier tier) {
        return runKeys.stream().anyMatch(k -> k.testId().equals(testId) && k.tier() == tier);
    }

    /** Every latency key of the run's tests over the 7 days before it, merged. */
    private Map<Key, DDQuantileSketch> baseline(String runId, Instant runStart) {
        Map<Key, DDQuantileSketch> merged = new HashMap<>();
        windows.sketches(LatencyWindows.Range.within(runStart.minus(BASELINE), runStart)
                .ofTestsOfRun(runId), w -> merged.merge(new Key(w.testId(), w.modelName(), Tier.valueOf(w.tier()),
                w.deviceClass()), w.sketch(), (a, b) -> {
                    a.merge(b);
                    return a;
                }));
        return merged;
    }

    private List<DivergenceSeries> divergence(String runId) {
        return pairs.ofRun(runId).stream()
                .map(m -> new DivergenceSeries(m.modelName(), precision(m.candidatePrecision()), m.deviceClass(),
                        m.summary())).toList();
    }

    private List<ThrottleShare> throttle(String runId) {
        Instant now = Instant.now();
        return warehouse.query("""
                SELECT i.test_id AS test_id, count() AS inferences, countIf%s AS throttled
                FROM (SELECT test_id, device_id, event_time FROM %s WHERE run_id = ?) AS i
                %s
                GROUP BY test_id
                """.formatted(ThrottleService.DURING_EPISODE, InferenceCounts.EVENTS,
                ThrottleService.EPISODE_OF_EACH_INFERENCE), rs -> new ThrottleShare(rs.getString("test_id"),
                rs.getLong("inferences"), rs.getLong("throttled")), runId, now, now, Instant.EPOCH);
    }

    private static Precision precision(String name) {
        try {
            return Precision.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Precision.OTHER;
        }
    }
}
