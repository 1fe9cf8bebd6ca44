package dev.parallax.analytics.alert;

import dev.parallax.analytics.alert.FleetSnapshot.TierComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
                    || !settings.reliability().isReliable(0.99, c.edgeSamples())
                    || !settings.reliability().isReliable(0.99, c.cloudSamples())
                    || !(c.cloudP99Ms() > 0)) {
                continue;
            }
            double ratio = c.edgeP99Ms() / c.cloudP99Ms();
            double limit = settings.edgeCloudRatio(c.testId());
            if (ratio > limit) {
                findings.add(new Finding(ID, "test=" + c.testId(), Severity.WARNING, String.format(Locale.ROOT,
                        "%s edge p99 %.1f ms is %.1f× cloud p99 %.1f ms (limit %.1f×)",
                        c.testId(), c.edgeP99Ms(), ratio, c.cloudP99Ms(), limit), ratio, limit));
            }
        }
        return findings;
    }
}
