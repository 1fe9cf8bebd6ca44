package dev.parallax.ui.devices;

import java.time.Duration;
import java.time.Instant;

/**
 * A device as its page heads it.
 *
 * @param lastSeen its newest event time or the broker's last receipt of it, the later; null when never heard from
 * @param clockOffset measured over what the broker received of it in the last 10 minutes; null when nothing was
 */
public record DeviceHealth(String deviceId, String deviceClass, String tier, Instant lastSeen, Duration clockOffset,
                           boolean throttlingNow) {
}
