package dev.parallax.analytics.placement;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The edge/cloud rubric of SPEC §7 (after seed 000_895a19f75bac0993), applied in this order, first match wins:
 * <ol>
 *   <li>edge divergence over tolerance → {@link Placement#RUN_ON_CLOUD} (numeric parity);</li>
 *   <li>required rate above observed edge throughput × edge nodes → {@link Placement#RUN_ON_CLOUD} (concurrency);</li>
 *   <li>edge inferences polluted by throttling → {@link Placement#FIX_COOLING} (and cloud until fixed);</li>
 *   <li>on the cloud, frequent, within budget and tolerance, unthrottled → {@link Placement#MOVE_TO_EDGE};</li>
 *   <li>otherwise {@link Placement#KEEP}.</li>
 * </ol>
 * Parity comes first because a fast, cheap test that gives other answers than production tests nothing.
 */
public final class PlacementAdvisor {

    private final PlacementPolicy policy;
    private final CostModel costs;

    public PlacementAdvisor(PlacementPolicy policy, CostModel costs) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
        this.costs = java.util.Objects.requireNonNull(costs, "costs");
    }

    public Recommendation advise(PlacementEvidence e) {
        List<String> evidence = new ArrayList<>();
        evidence.add(fmt("window %s; %s edge and %s cloud inferences", e.window(), Figures.count(e.edge().inferences()),
                Figures.count(e.cloud().inferences())));

        List<String> parity = policy.tolerance().breaches(e.edgeDivergence());
        if (!parity.isEmpty()) {
            evidence.add(fmt("edge divergence over %s pairs: %s", Figures.count(e.edgeDivergence().pairs()),
                    String.join(", ", parity)));
            return recommend(e, Placement.RUN_ON_CLOUD, Tier.CLOUD, "needs numeric parity: edge divergence over tolerance",
                    evidence, pairsSufficiency(e));
        }

        double edgeCapacity = e.edge().throughputPerSecond() * e.edgeNodes();
        if (e.edge().measured() && e.requiredRatePerSecond() > edgeCapacity) {
            evidence.add(fmt("required %.1f inf/s > edge capacity %.1f inf/s (%.1f inf/s × %d nodes)",
                    e.requiredRatePerSecond(), edgeCapacity, e.edge().throughputPerSecond(), e.edgeNodes()));
            return recommend(e, Placement.RUN_ON_CLOUD, Tier.CLOUD, "needs concurrency beyond edge capacity",
                    evidence, samplesSufficiency(e.edge().inferences()));
        }

        if (e.edge().measured() && e.edgeThrottledShare() > policy.maxThrottledShare()) {
            evidence.add(fmt("%s of edge inferences inside throttle episodes (limit %s)",
                    Figures.percent(e.edgeThrottledShare()), Figures.percent(policy.maxThrottledShare())));
            return recommend(e, Placement.FIX_COOLING, Tier.CLOUD,
                    "edge results polluted by throttling: fix cooling, run on cloud until fixed",
                    evidence, samplesSufficiency(e.edge().inferences()));
        }

        if (e.currentTier() == Tier.CLOUD && e.edge().measured() && e.runsPerDay() >= policy.minRunsPerDayForEdge()
                && withinBudget(e)) {
            evidence.add(fmt("%s runs/day; edge p99 %s within budget %s; edge divergence within tolerance"
                            + " over %s pairs; %s throttled",
                    Figures.number(e.runsPerDay()), Figures.tail(e.edge().p99(), " ms"), budget(e),
                    Figures.count(e.edgeDivergence().pairs()), Figures.percent(e.edgeThrottledShare())));
            double confidence = Math.min(samplesSufficiency(e.edge().inferences()), pairsSufficiency(e));
            return recommend(e, Placement.MOVE_TO_EDGE, Tier.EDGE,
                    "frequent, within latency budget and divergence tolerance, no throttling", evidence, confidence);
        }

        evidence.add(fmt("edge p99 %s, budget %s, %s runs/day", Figures.tail(e.edge().p99(), " ms"), budget(e),
                Figures.number(e.runsPerDay())));
        long samples = e.currentTier() == Tier.EDGE ? e.edge().inferences() : e.cloud().inferences();
        double confidence = samplesSufficiency(samples);
        // Nothing measured cannot fit: keep it where it is, and say there is nothing to judge by.
        return recommend(e, Placement.KEEP, e.currentTier(), confidence > 0 ? "placement fits the measured data"
                : Figures.NOT_ENOUGH_DATA + ": no inferences on " + e.currentTier() + " in the window", evidence,
                confidence);
    }

    private Recommendation recommend(PlacementEvidence e, Placement placement, Tier target, String reason,
                                     List<String> evidence, double confidence) {
        double monthly = e.monthlyInferences();
        double edgeRate = throughput(e, Tier.EDGE, evidence);
        double cloudRate = throughput(e, Tier.CLOUD, evidence);
        double delta = costs.monthlyUsd(target, monthly, target == Tier.EDGE ? edgeRate : cloudRate)
                - costs.monthlyUsd(e.currentTier(), monthly, e.currentTier() == Tier.EDGE ? edgeRate : cloudRate);
        evidence.add(fmt("%s inferences/month; edge %s, cloud %s", Figures.count(Math.round(monthly)),
                Figures.usdPerMillion(costs.edgePerInference(edgeRate)),
                Figures.usdPerMillion(costs.cloudPerInference(cloudRate))));
        return new Recommendation(e.testId(), placement, e.currentTier(), target, reason, evidence, confidence, delta);
    }

    /** Measured throughput of one node of the tier, else the policy's assumption, said in the evidence. */
    private double throughput(PlacementEvidence e, Tier tier, List<String> evidence) {
        TierFigures figures = tier == Tier.EDGE ? e.edge() : e.cloud();
        if (figures.measured() && figures.throughputPerSecond() > 0) {
            return figures.throughputPerSecond();
        }
        double assumed = tier == Tier.EDGE ? policy.assumedEdgeThroughput() : policy.assumedCloudThroughput();
        evidence.add(fmt("%s throughput not measured: assumed %.0f inf/s", tier, assumed));
        return assumed;
    }

    private boolean withinBudget(PlacementEvidence e) {
        return Double.isNaN(e.latencyBudgetMs()) || e.edge().p99Ms() <= e.latencyBudgetMs();
    }

    private double samplesSufficiency(long samples) {
        return Math.min(1, (double) samples / policy.latencySamplesNeeded());
    }

    private double pairsSufficiency(PlacementEvidence e) {
        return Math.min(1, (double) e.edgeDivergence().pairs() / policy.divergencePairsNeeded());
    }

    private static String budget(PlacementEvidence e) {
        return Double.isNaN(e.latencyBudgetMs()) ? "none" : Figures.ms(e.latencyBudgetMs());
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
