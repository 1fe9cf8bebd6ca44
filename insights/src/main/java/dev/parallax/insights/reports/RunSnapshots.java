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
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.DivergenceSummary;
import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.insights.warehouse.InferenceCounts;
import dev.parallax.insights.warehouse.StoredSketch;
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

    RunSnapshots(Warehouse warehouse) {
        this.warehouse = warehouse;
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
        return warehouse.query("SELECT sketch FROM parallax.latency_windows WHERE length(sketch) > 0 LIMIT 1",
                rs -> StoredSketch.decode(rs.getString(1)).relativeAccuracy()).stream().findFirst()
                .orElse(LatencySettings.DEFAULT_RELATIVE_ACCURACY);
    }

    private static boolean ran(Set<Key> runKeys, String testId, Tier tier) {
        return runKeys.stream().anyMatch(k -> k.testId().equals(testId) && k.tier() == tier);
    }

    /** Every latency key of the run's tests over the 7 days before it, merged. */
    private Map<Key, DDQuantileSketch> baseline(String runId, Instant runStart) {
        Map<Key, DDQuantileSketch> merged = new HashMap<>();
        warehouse.query("""
                SELECT test_id, model_name, tier, device_class, sketch FROM parallax.latency_windows FINAL
                WHERE test_id IN (SELECT DISTINCT test_id FROM parallax.inference_events WHERE run_id = ?)
                  AND window_start >= ? AND window_end <= ? AND length(sketch) > 0
                """, rs -> {
            Key key = new Key(rs.getString("test_id"), rs.getString("model_name"), Tier.valueOf(rs.getString("tier")),
                    rs.getString("device_class"));
            merged.merge(key, StoredSketch.decode(rs.getString("sketch")), (a, b) -> {
                a.merge(b);
                return a;
            });
            return key;
        }, runId, runStart.minus(BASELINE), runStart);
        return merged;
    }

    private List<DivergenceSeries> divergence(String runId) {
        double cap = DivergenceSettings.defaults().sqnrCapDb();
        return warehouse.query("""
                SELECT model_name, candidate_precision, device_class, count() AS pairs,
                    1 - avg(top1_agree) AS flip_rate, avg(kl) AS kl_mean, quantile(0.95)(kl) AS kl_p95,
                    min(cosine) AS cosine_min, avg(cosine) AS cosine_mean,
                    avg(least(greatest(sqnr_db, -?), ?)) AS sqnr_mean_db, quantile(0.99)(max_abs_err) AS err_p99
                FROM parallax.divergence_pairs FINAL WHERE run_id = ?
                GROUP BY model_name, candidate_precision, device_class
                """, rs -> new DivergenceSeries(rs.getString("model_name"),
                precision(rs.getString("candidate_precision")), rs.getString("device_class"),
                new DivergenceSummary(rs.getLong("pairs"), rs.getDouble("flip_rate"), Warehouse.number(rs, "kl_mean"),
                        Warehouse.number(rs, "kl_p95"), rs.getDouble("cosine_min"), rs.getDouble("cosine_mean"),
                        rs.getDouble("sqnr_mean_db"), rs.getDouble("err_p99"), 0)), cap, cap, runId);
    }

    private List<ThrottleShare> throttle(String runId) {
        return warehouse.query("""
                SELECT i.test_id AS test_id, count() AS inferences,
                    countIf(e.device_id != '' AND i.event_time <= e.end_time) AS throttled
                FROM (SELECT test_id, device_id, event_time FROM\s""" + InferenceCounts.EVENTS + """

                      WHERE run_id = ?) AS i
                ASOF LEFT JOIN (
                    SELECT device_id, start_time, coalesce(end_time, now64(3)) AS end_time
                    FROM parallax.throttle_episodes FINAL
                ) AS e ON i.device_id = e.device_id AND i.event_time >= e.start_time
                GROUP BY test_id
                """, rs -> new ThrottleShare(rs.getString("test_id"), rs.getLong("inferences"),
                rs.getLong("throttled")), runId);
    }

    private static Precision precision(String name) {
        try {
            return Precision.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Precision.OTHER;
        }
    }
}
