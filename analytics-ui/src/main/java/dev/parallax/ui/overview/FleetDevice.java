package dev.parallax.ui.overview;

import java.time.Instant;

/** A device of the fleet as the overview shows it. */
public record FleetDevice(String deviceId, String deviceClass, String tier, Instant lastSeen, boolean throttlingNow) {
}
