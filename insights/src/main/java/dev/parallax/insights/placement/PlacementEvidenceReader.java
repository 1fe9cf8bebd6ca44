package dev.parallax.insights.placement;

import dev.parallax.analytics.Tier;
import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.analytics.divergence.DivergenceSummary;
import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.analytics.placement.PlacementEvidence;
import dev.parallax.analytics.placement.TierFigures;
import dev.parallax.insights.divergence.DivergenceService;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.latency.LatencyWindows;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * What the placement rubric needs per test, measured over a window: inferences and merged p99 per tier, the highest
 * per-node rate seen on each tier (what one node sustains), the test's peak demand, its edge nodes and runs per day,
 * divergence of its models on its edge device classes, and the share of its edge inferences inside throttle episodes.
 */
public final class PlacementEvidenceReader {

    private static final DivergenceSummary NO_PAIRS =
            new DivergenceSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    private final Warehouse warehouse;
    private final InferenceCounts counts;
    private final LatencyWindows windows;
    private final DivergenceService divergenceWindows;
    private final SideBySideReads reads;

    /** @param reads where the range's sketches are read and merged, beside the other reads */
    public PlacementEvidenceReader(Warehouse warehouse, SideBySideReads reads) {
        this.warehouse = warehouse;
        this.reads = reads;
        this.counts = new InferenceCounts(warehouse);
        this.windows = new LatencyWindows(warehouse);
        this.divergenceWindows = new DivergenceService(warehouse);
    }

    /** @param budgetMs a test's p99 budget, NaN when it has none */
    public List<PlacementEvidence> read(Instant now, Duration window, ToDoubleFunction<String> budgetMs) {
        // The evidence window as every page reads a range; "now" stays the instant for episodes still open.
        return read(Period.last(window, now), now, budgetMs);
    }

    /** The evidence over {@code period}, as of {@code now} (the end of throttle episodes still open). */
    public List<PlacementEvidence> read(Period period, Instant now, ToDoubleFunction<String> budgetMs) {
        Duration window = Duration.between(period.from(), period.to());
        Instant since = period.from();
        Instant until = period.to();
        record TestTier(String testId, Tier tier) {
        }
        // Decoding and merging the range's sketches is this JVM's work (6.5 s of 11 for seven days of a thousand
        // devices), the reads below the engine's: the sketches are read beside them.
        SideBySideReads.Read<Map<TestTier, DDQuantileSketch>> merged = reads.start(() -> {
            Map<TestTier, DDQuantileSketch> sketches = new HashMap<>();
            windows.sketches(LatencyWindows.Range.startingIn(period), w -> sketches.merge(
                    new TestTier(w.testId(), Tier.valueOf(w.tier())), w.sketch(), (a, b) -> {
                        a.merge(b);
                        return a;
                    }));
            return sketches;
        });
        Map<TestTier, Long> inferences = new HashMap<>();
        counts.perKey("", period).forEach(k -> inferences.merge(new TestTier(k.testId(), Tier.valueOf(k.tier())),
                k.inferences(), Long::sum));

        Map<TestTier, double[]> nodes = new HashMap<>(); // [per-node rate, nodes]
        warehouse.query("""
                SELECT test_id, tier, max(n) / 60 AS per_node_rate, uniqExact(device_id) AS nodes
                FROM (SELECT test_id, tier, device_id, toStartOfMinute(event_time) AS minute, count() AS n
                      FROM\s""" + InferenceCounts.EVENTS + """

                      WHERE event_time >= ? AND event_time < ?
                      GROUP BY test_id, tier, device_id, minute)
                GROUP BY test_id, tier
                """, rs -> nodes.put(new TestTier(rs.getString("test_id"), Tier.valueOf(rs.getString("tier"))),
                new double[] {rs.getDouble("per_node_rate"), rs.getLong("nodes")}), since, until);

        Map<String, Double> peakRate = windows.peakRatePerTest(period);
        Map<String, Double> runs = perTest("""
                SELECT test_id, uniqExact(run_id) AS v FROM parallax.inference_events
                WHERE event_time >= ? AND event_time < ? GROUP BY test_id
                """, since, until);
        Map<String, Double> throttled = perTest("""
                SELECT i.test_id AS test_id, countIf%s / count() AS v
                FROM (SELECT test_id, device_id, event_time FROM %s
                      WHERE tier = 'EDGE' AND event_time >= ? AND event_time < ?) AS i
                %s
                GROUP BY test_id
                """.formatted(ThrottleService.DURING_EPISODE, InferenceCounts.EVENTS,
                ThrottleService.EPISODE_OF_EACH_INFERENCE), since, until, now, now, since);
        Map<String, DivergenceSummary> divergence = divergenceWindows.byTest(since, until);
        Map<TestTier, DDQuantileSketch> sketches = merged.get();

        Map<String, PlacementEvidence> evidence = new TreeMap<>();
        inferences.keySet().stream().map(TestTier::testId).distinct().forEach(test -> {
            TierFigures edge = figures(inferences.get(new TestTier(test, Tier.EDGE)),
                    nodes.get(new TestTier(test, Tier.EDGE)), sketches.get(new TestTier(test, Tier.EDGE)));
            TierFigures cloud = figures(inferences.get(new TestTier(test, Tier.CLOUD)),
                    nodes.get(new TestTier(test, Tier.CLOUD)), sketches.get(new TestTier(test, Tier.CLOUD)));
            Tier current = edge.inferences() >= cloud.inferences() ? Tier.EDGE : Tier.CLOUD;
            double[] edgeNodes = nodes.getOrDefault(new TestTier(test, Tier.EDGE), new double[] {0, 0});
            evidence.put(test, new PlacementEvidence(test, window, current, edge, cloud,
                    divergence.getOrDefault(test, NO_PAIRS), throttled.getOrDefault(test, 0.0), budgetMs.applyAsDouble(test),
                    peakRate.getOrDefault(test, 0.0), (int) edgeNodes[1],
                    runs.getOrDefault(test, 0.0) / (window.toMillis() / 86_400_000.0)));
        });
        return new ArrayList<>(evidence.values());
    }

    private static TierFigures figures(Long inferences, double[] nodes, DDQuantileSketch sketch) {
        if (inferences == null || inferences == 0) {
            return TierFigures.NONE;
        }
        return new TierFigures(inferences, nodes == null ? 0 : nodes[0], sketch == null
                ? Percentile.none(0.99, PercentileConfidence.SHOWN)
                : Percentile.of(sketch, 0.99, PercentileConfidence.SHOWN));
    }

    private Map<String, Double> perTest(String sql, Object... params) {
        Map<String, Double> values = new HashMap<>();
        warehouse.query(sql, rs -> values.put(rs.getString("test_id"), rs.getDouble("v")), params);
        return values;
    }
}
