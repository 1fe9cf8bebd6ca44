package dev.parallax.ui.tests;

import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.ui.warehouse.StoredSketch;
import dev.parallax.ui.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Tail latency of a test over any range: the range is cut into at most {@link #MAX_POINTS} buckets of whole
 * minutes and each bucket's quantiles come from the merge of its 1-minute window sketches (SPEC §3), never
 * from averaging per-window quantiles.
 */
@Service
public class LatencyService {

    static final int MAX_POINTS = 120;
    /** What the too-late figures are called wherever they are shown (the horizon: the jobs' analytics.horizon.hours). */
    public static final String TOO_LATE = "Too late (beyond the horizon)";
    private final Warehouse warehouse;

    public LatencyService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Bucket length for a range: whole minutes, so that a bucket is a set of whole windows. */
    static Duration bucket(Instant from, Instant to) {
        long minutes = Math.max(1, (Duration.between(from, to).toMinutes() + MAX_POINTS - 1) / MAX_POINTS);
        return Duration.ofMinutes(minutes);
    }

    public List<LatencyPoint> series(String testId, Instant from, Instant to) {
        return merged(testId, from, to, bucket(from, to).toMillis());
    }

    /** One point per tier: the merge of every window of the range. */
    public List<LatencyPoint> overall(String testId, Instant from, Instant to) {
        return merged(testId, from, to, Math.max(1, Duration.between(from, to).toMillis()));
    }

    /**
     * Per latency key of the test: the range's inferences and quantiles, and its too-late events. A key's too-late
     * events are counted on the row of its newest window when they came, and a window's latest version holds its
     * running count (hence FINAL): summed over the range's windows, that is the key's events that came too late
     * while its newest window was in the range.
     */
    public List<KeyFigures> keys(String testId, Instant from, Instant to) {
        record Key(String model, String version, String precision, String tier, String deviceClass) {
        }
        final class Totals {
            long inferences;
            long errors;
            long tooLate;
            DDQuantileSketch sketch;
        }
        Map<Key, Totals> totals = new LinkedHashMap<>();
        warehouse.query("""
                SELECT model_name, model_version, precision, tier, device_class, count, errors, late_events, sketch
                FROM parallax.latency_windows FINAL
                WHERE test_id = ? AND window_start >= ? AND window_start < ?
                ORDER BY tier != 'EDGE', model_name, model_version, precision, device_class
                """, rs -> {
            Totals t = totals.computeIfAbsent(new Key(rs.getString("model_name"), rs.getString("model_version"),
                    rs.getString("precision"), rs.getString("tier"), rs.getString("device_class")), k -> new Totals());
            t.inferences += rs.getLong("count");
            t.errors += rs.getLong("errors");
            t.tooLate += rs.getLong("late_events");
            String sketch = rs.getString("sketch");
            if (!sketch.isEmpty()) {
                DDQuantileSketch window = StoredSketch.decode(sketch);
                if (t.sketch == null) t.sketch = window; else t.sketch.merge(window);
            }
            return t;
        }, testId, from, to);
        List<KeyFigures> keys = new ArrayList<>();
        totals.forEach((k, t) -> keys.add(new KeyFigures(k.model(), k.version(), k.precision(), k.tier(),
                k.deviceClass(), t.inferences, t.errors, t.sketch == null ? Double.NaN : t.sketch.quantile(0.5),
                t.sketch == null ? Double.NaN : t.sketch.quantile(0.99), t.tooLate)));
        return keys;
    }

    /**
     * Events that came too late (beyond the horizon, SPEC §3a) per test with latency windows in the range, most
     * first; 0 for a test whose events all counted.
     */
    public Map<String, Long> tooLateByTest(Instant from, Instant to) {
        record Count(String testId, long tooLate) {
        }
        Map<String, Long> byTest = new LinkedHashMap<>();
        warehouse.query("""
                SELECT test_id, sum(late_events) AS too_late FROM parallax.latency_windows FINAL
                WHERE window_start >= ? AND window_start < ?
                GROUP BY test_id ORDER BY too_late DESC, test_id
                """, rs -> new Count(rs.getString("test_id"), rs.getLong("too_late")), from, to)
                .forEach(c -> byTest.put(c.testId(), c.tooLate()));
        return byTest;
    }

    private List<LatencyPoint> merged(String testId, Instant from, Instant to, long bucketMs) {
        record Key(long bucket, String tier) implements Comparable<Key> {
            public int compareTo(Key o) {
                int c = Long.compare(bucket, o.bucket);
                return c != 0 ? c : tier.compareTo(o.tier);
            }
        }
        Map<Key, DDQuantileSketch> merged = new TreeMap<>();
        warehouse.query("""
                SELECT toUnixTimestamp64Milli(window_start) AS start_ms, tier, sketch
                FROM parallax.latency_windows FINAL
                WHERE test_id = ? AND window_start >= ? AND window_start < ? AND length(sketch) > 0
                """, rs -> {
            long start = rs.getLong("start_ms");
            Key key = new Key(from.toEpochMilli() + (start - from.toEpochMilli()) / bucketMs * bucketMs,
                    rs.getString("tier"));
            DDQuantileSketch sketch = StoredSketch.decode(rs.getString("sketch"));
            merged.merge(key, sketch, (a, b) -> {
                a.merge(b);
                return a;
            });
            return key;
        }, testId, from, to);
        List<LatencyPoint> points = new ArrayList<>();
        merged.forEach((key, s) -> points.add(new LatencyPoint(Instant.ofEpochMilli(key.bucket()), key.tier(),
                s.count(), s.quantile(0.5), s.quantile(0.95), s.quantile(0.99), s.quantile(0.999))));
        return points;
    }
}
