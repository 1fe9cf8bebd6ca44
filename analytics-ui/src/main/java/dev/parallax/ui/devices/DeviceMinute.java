package dev.parallax.ui.devices;

import java.time.Duration;
import java.time.Instant;

/**
 * A device in one minute of its own event time, over its inferences and samples.
 *
 * @param meanTempC mean SoC temperature; NaN when nothing reported one
 * @param clockOffset the largest event time minus broker receive time: how far its clock ran ahead (positive)
 */
public record DeviceMinute(Instant minute, double meanTempC, double maxTempC, Duration clockOffset) {
}
