package dev.parallax.insights.latency;

import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
    private final InferenceCounts counts;
    private final LatencyWindows windows;

    public LatencyService(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.counts = new InferenceCounts(warehouse);
        this.windows = new LatencyWindows(warehouse);
    }

    /** Bucket length for a range: whole minutes, so that a bucket is a set of whole windows. */
    static Duration bucket(Instant from, Instant to) {
        long minutes = Math.max(1, (Duration.between(from, to).toMinutes() + MAX_POINTS - 1) / MAX_POINTS);
        return Duration.ofMinutes(minutes);
    }

    /** Whether any inference of the test ever reached the warehouse (an unknown test id gets a 404, not empty charts). */
    public boolean known(String testId) {
        return !warehouse.query(LatencyWindows.ANY_OF_TEST + """

                UNION ALL
                SELECT 1 FROM parallax.inference_events WHERE test_id = ? LIMIT 1
                """, rs -> true, testId, testId).isEmpty();
    }

    /** The test page's latency over a period: its chart's points and its keys' figures. */
    public record TestLatency(List<LatencyPoint> series, List<KeyFigures> keys) {
    }

    private record Key(String model, String version, String precision, String tier, String deviceClass) {
    }

    public List<LatencyPoint> series(String testId, Period period) {
        return merged(testId, period, bucket(period.from(), period.to()).toMillis(), null);
    }

    /** One point per tier: the merge of every window of the range. */
    public List<LatencyPoint> overall(String testId, Period period) {
        return merged(testId, period, Math.max(1, Duration.between(period.from(), period.to()).toMillis()), null);
    }

    /**
     * {@link #series} and, per latency key of the test, its inferences, errors and too-late events as
     * {@link InferenceCounts} counts them and the quantiles of its merged window sketches: from one read of the
     * period's window sketches.
     */
    public TestLatency latency(String testId, Period period) {
        Map<Key, DDQuantileSketch> sketches = new HashMap<>();
        List<LatencyPoint> series = merged(testId, period, bucket(period.from(), period.to()).toMillis(), sketches);
        return new TestLatency(series, keys(testId, period, sketches));
    }

    private List<KeyFigures> keys(String testId, Period period, Map<Key, DDQuantileSketch> sketches) {
        return counts.perKey(testId, period).stream().map(c -> {
            DDQuantileSketch s = sketches.get(new Key(c.modelName(), c.modelVersion(), c.precision(), c.tier(),
                    c.deviceClass()));
            return new KeyFigures(c.modelName(), c.modelVersion(), c.precision(), c.tier(), c.deviceClass(),
                    c.inferences(), c.errors(), percentile(s, 0.5), percentile(s, 0.99), c.tooLate());
        }).toList();
    }

    /**
     * Events that came too late (beyond the horizon, SPEC §3a) per test of {@code keys} (a period's
     * {@link InferenceCounts#perKey}), most first; 0 for a test whose events all counted.
     */
    public static Map<String, Long> tooLateByTest(List<InferenceCounts.KeyCount> keys) {
        Map<String, Long> byTest = new HashMap<>();
        keys.forEach(k -> byTest.merge(k.testId(), k.tooLate(), Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        byTest.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Per bucket and tier; per latency key too into {@code byKey} when it is given. */
    private List<LatencyPoint> merged(String testId, Period period, long bucketMs, Map<Key, DDQuantileSketch> byKey) {
        Instant from = period.from();
        record Bucket(long bucket, String tier) implements Comparable<Bucket> {
            public int compareTo(Bucket o) {
                int c = Long.compare(bucket, o.bucket);
                return c != 0 ? c : tier.compareTo(o.tier);
            }
        }
        Map<Bucket, DDQuantileSketch> merged = new TreeMap<>();
        windows.sketches(LatencyWindows.Range.startingIn(period).ofTest(testId), w -> {
            long start = w.start().toEpochMilli();
            Bucket bucket = new Bucket(from.toEpochMilli() + (start - from.toEpochMilli()) / bucketMs * bucketMs,
                    w.tier());
            if (byKey != null) {
                // A key's sum starts as a copy: the bucket's sum may start as the window itself and grow.
                byKey.compute(new Key(w.modelName(), w.modelVersion(), w.precision(), w.tier(), w.deviceClass()),
                        (k, sum) -> sum == null ? w.sketch().copy() : merge(sum, w.sketch()));
            }
            merged.merge(bucket, w.sketch(), LatencyService::merge);
        });
        List<LatencyPoint> points = new ArrayList<>();
        merged.forEach((b, s) -> points.add(new LatencyPoint(Instant.ofEpochMilli(b.bucket()), b.tier(),
                s.count(), percentile(s, 0.5), percentile(s, 0.95), percentile(s, 0.99), percentile(s, 0.999))));
        return points;
    }

    /** The q-quantile of a merged sketch, null when the key has none, with its interval. */
    private static Percentile percentile(DDQuantileSketch sketch, double q) {
        return sketch == null ? Percentile.none(q, PercentileConfidence.SHOWN)
                : Percentile.of(sketch, q, PercentileConfidence.SHOWN);
    }

    private static DDQuantileSketch merge(DDQuantileSketch a, DDQuantileSketch b) {
        a.merge(b);
        return a;
    }
}
