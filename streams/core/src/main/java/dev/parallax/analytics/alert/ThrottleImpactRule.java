package dev.parallax.analytics.alert;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.alert.FleetSnapshot.ThrottleShare;
import java.util.ArrayList;
import java.util.List;

/** Throttle episodes touching more than 5 % of a test's inferences in the last hour. */
public final class ThrottleImpactRule implements AlertRule {

    public static final String ID = "throttle-impact";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(FleetSnapshot snapshot, AlertSettings settings) {
        List<Finding> findings = new ArrayList<>();
        for (ThrottleShare share : snapshot.throttle()) {
            if (share.inferences() == 0 || settings.muted(share.testId(), ID)) {
                continue;
            }
            double fraction = (double) share.throttledInferences() / share.inferences();
            if (fraction > settings.maxThrottledShare()) {
                findings.add(new Finding(ID, "test=" + share.testId(), Severity.WARNING, share.testId() + ": "
                        + Figures.percent(fraction) + " of its inferences in the last hour ran during throttle episodes ("
                        + Figures.count(share.throttledInferences()) + " of " + Figures.count(share.inferences()) + ")",
                        fraction, settings.maxThrottledShare()));
            }
        }
        return findings;
    }
}
