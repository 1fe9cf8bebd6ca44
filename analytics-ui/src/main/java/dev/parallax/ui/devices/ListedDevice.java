package dev.parallax.ui.devices;

import java.time.Duration;
import java.time.Instant;

/**
 * A device as the devices list shows it, over the list's period.
 *
 * @param lastSeen      the later of its newest event time and the broker's last receipt of it in the period, as a
 *                      device's page reads it ({@link DeviceHealth#lastSeen()})
 * @param lastTempC     the temperature of its newest event or sample that reported one; NaN when none did
 * @param episodes      its throttle episodes overlapping the period
 * @param throttledShare the part of the period it spent in them, 0 to 1
 * @param clockOffset   as measured now over its last 10 minutes of events ({@link DeviceHealth#clockOffset()}); null
 *                      when nothing of it was received that recently
 */
public record ListedDevice(String deviceId, String deviceClass, String tier, Instant lastSeen, double lastTempC,
                           long episodes, double throttledShare, long inferences, Duration clockOffset) {
}
