package dev.parallax.ui.overview;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A device of the fleet as the overview shows it.
 *
 * @param clockOffset how far its clock is ahead (positive) or behind the broker's, measured over its events received
 *                    in the last 10 minutes; {@code null} when nothing of it was received that recently
 */
public record FleetDevice(String deviceId, String deviceClass, String tier, Instant lastSeen, boolean throttlingNow,
                          Duration clockOffset) {

    /** Whether a person searching for {@code search} means this device: its id, class or tier holds it. */
    public boolean matches(String search) {
        String needle = search.strip().toLowerCase(Locale.ROOT);
        return needle.isEmpty() || deviceId.toLowerCase(Locale.ROOT).contains(needle)
                || deviceClass.toLowerCase(Locale.ROOT).contains(needle)
                || tier.toLowerCase(Locale.ROOT).contains(needle);
    }
}
