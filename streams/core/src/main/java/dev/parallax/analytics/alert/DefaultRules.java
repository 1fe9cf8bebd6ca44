package dev.parallax.analytics.alert;

import java.util.List;

/** The default rules of SPEC §6, in the order the UI lists them. */
public final class DefaultRules {

    public static final List<AlertRule> ALL = List.of(
            new DivergenceRule(),
            new LatencyBudgetRule(),
            new EdgeCloudRatioRule(),
            new LatencyDriftRule(),
            new ThrottleImpactRule(),
            new SilentDeviceRule(),
            new ClockOffsetRule(),
            new DeadLetterRule());

    private DefaultRules() {
    }
}
