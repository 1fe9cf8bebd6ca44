package dev.parallax.analytics.alert;

import java.util.List;

/** Any dead letters: bad input is never silently dropped, so someone should look at it. */
public final class DeadLetterRule implements AlertRule {

    public static final String ID = "dead-letters";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(FleetSnapshot snapshot, AlertSettings settings) {
        FleetSnapshot.DeadLetterCount letters = snapshot.deadLetters();
        if (letters.count() == 0) {
            return List.of();
        }
        return List.of(new Finding(ID, "dead-letters", Severity.WARNING,
                letters.count() + " dead letters; latest: " + letters.latestReason(), letters.count(), 0));
    }
}
