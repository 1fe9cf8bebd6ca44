package dev.parallax.analytics.alert;

import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.latency.QuantileSketch;
import dev.parallax.analytics.divergence.DivergenceSummary;
import java.time.Instant;
import java.util.List;

/**
 * What the alert rules look at, as read from the warehouse at {@code now}.
 *
 * @param latency     per latency key, its most recent windows, oldest first
 * @param tiers       per test, edge and cloud p99 merged over the comparison range
 * @param drift       per latency key, the current range's and the baseline's merged sketches
 * @param divergence  per model × candidate precision × device class, divergence over the recent range
 * @param throttle    per test, inferences in the last hour and those made inside throttle episodes
 * @param devices     every device seen lately, with when it was last heard from
 * @param deadLetters dead letters received in the recent range
 */
public record FleetSnapshot(Instant now, List<LatencySeries> latency, List<TierComparison> tiers,
                            List<DriftSample> drift, List<DivergenceSeries> divergence, List<ThrottleShare> throttle,
                            List<DeviceLastSeen> devices, DeadLetterCount deadLetters) {

    public FleetSnapshot {
        latency = List.copyOf(latency);
        tiers = List.copyOf(tiers);
        drift = List.copyOf(drift);
        divergence = List.copyOf(divergence);
        throttle = List.copyOf(throttle);
        devices = List.copyOf(devices);
    }

    /** One latency window's figures. */
    public record Window(Instant start, long samples, double p99Ms) {
    }

    public record LatencySeries(String testId, String modelName, Tier tier, String deviceClass, List<Window> windows) {
        public LatencySeries {
            windows = List.copyOf(windows);
        }

        String subject() {
            return latencySubject(testId, modelName, tier, deviceClass);
        }
    }

    public record TierComparison(String testId, double edgeP99Ms, long edgeSamples, double cloudP99Ms,
                                 long cloudSamples) {
    }

    public record DriftSample(String testId, String modelName, Tier tier, String deviceClass, QuantileSketch current,
                              QuantileSketch baseline) {
        String subject() {
            return latencySubject(testId, modelName, tier, deviceClass);
        }
    }

    /** One latency series is one subject, whichever rule (budget, drift) finds something about it. */
    private static String latencySubject(String testId, String modelName, Tier tier, String deviceClass) {
        return "test=" + testId + " model=" + modelName + " tier=" + tier + " device_class=" + deviceClass;
    }

    public record DivergenceSeries(String modelName, Precision precision, String deviceClass,
                                   DivergenceSummary figures) {
    }

    public record ThrottleShare(String testId, long inferences, long throttledInferences) {
    }

    public record DeviceLastSeen(String deviceId, String deviceClass, Instant lastSeen) {
    }

    public record DeadLetterCount(long count, String latestReason) {
        public static final DeadLetterCount NONE = new DeadLetterCount(0, "");
    }
}
