package dev.parallax.analytics.alert;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.alert.FleetSnapshot.TierComparison;
import java.util.ArrayList;
import java.util.List;

/** Edge p99 ÷ cloud p99 above the test's ratio, both p99s backed by enough samples. */
public final class EdgeCloudRatioRule implements AlertRule {

    public static final String ID = "edge-cloud-p99-ratio";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(FleetSnapshot snapshot, AlertSettings settings) {
        List<Finding> findings = new ArrayList<>();
        for (TierComparison c : snapshot.tiers()) {
            if (settings.muted(c.testId(), ID)
                    || !settings.reliability().isReliable(0.99, c.edge().count())
                    || !settings.reliability().isReliable(0.99, c.cloud().count())
                    || !(c.cloudP99Ms() > 0)) {
                continue;
            }
            double ratio = c.edgeP99Ms() / c.cloudP99Ms();
            double limit = settings.edgeCloudRatio(c.testId());
            if (ratio > limit) {
                findings.add(new Finding(ID, "test=" + c.testId(), Severity.WARNING, c.testId() + " edge p99 "
                        + Figures.tail(c.edgeP99(), " ms") + " is " + Figures.times(ratio) + " cloud p99 "
                        + Figures.tail(c.cloudP99(), " ms") + " (limit " + Figures.times(limit) + ")", ratio, limit));
            }
        }
        return findings;
    }
}
