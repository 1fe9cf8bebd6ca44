package dev.parallax.insights.throttle;

import java.time.Duration;
import java.time.Instant;

/** A thermal-throttle episode (SPEC §4) as the warehouse holds it; {@code end} is null while it is open. */
public record Episode(String deviceId, String deviceClass, Instant start, Instant end, Duration duration,
                      double peakTempC, long inferences, double latencyInflation, boolean open) {
}
