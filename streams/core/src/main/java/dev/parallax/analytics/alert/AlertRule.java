package dev.parallax.analytics.alert;

import java.util.List;

/** A condition evaluated over the latest fleet snapshot; each subject it holds for is one {@link Finding}. */
public interface AlertRule {

    /** Stable identifier, part of the alert's deduplication key and of per-test overrides. */
    String id();

    List<Finding> evaluate(FleetSnapshot snapshot, AlertSettings settings);
}
