package dev.parallax.ui.tests;

import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.ui.warehouse.StoredSketch;
import dev.parallax.ui.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
