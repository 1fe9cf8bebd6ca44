package dev.parallax.analytics.alert;

import dev.parallax.analytics.alert.FleetSnapshot.ThrottleShare;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
                findings.add(new Finding(ID, "test=" + share.testId(), Severity.WARNING, String.format(Locale.ROOT,
                        "%s: %.1f %% of its inferences in the last hour ran during throttle episodes (%d of %d)",
                        share.testId(), 100 * fraction, share.throttledInferences(), share.inferences()),
                        fraction, settings.maxThrottledShare()));
            }
        }
        return findings;
    }
}
