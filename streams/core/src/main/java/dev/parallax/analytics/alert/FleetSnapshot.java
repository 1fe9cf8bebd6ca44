package dev.parallax.analytics.alert;

import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.analytics.latency.QuantileSketch;
import dev.parallax.analytics.divergence.DivergenceSummary;
import java.time.Duration;
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
 * @param devices     every device seen lately, with when it was last heard from and its clock offset
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

    /** One latency window: its merged sketch, from which the rules read its p99 and samples. */
    public record Window(Instant start, QuantileSketch sketch) {
        public long samples() {
            return sketch.count();
        }

        public double p99Ms() {
            return sketch.quantile(0.99);
        }
    }

    public record LatencySeries(String testId, String modelName, Tier tier, String deviceClass, List<Window> windows) {
        public LatencySeries {
            windows = List.copyOf(windows);
        }

        String subject() {
            return latencySubject(testId, modelName, tier, deviceClass);
        }
    }

    /** One test's latency on each tier, merged over the comparison range. */
    public record TierComparison(String testId, QuantileSketch edge, QuantileSketch cloud) {
        public double edgeP99Ms() {
            return edge.quantile(0.99);
        }

        public double cloudP99Ms() {
            return cloud.quantile(0.99);
        }

        /** The edge p99 as people are shown it, with its interval. */
        public Percentile edgeP99() {
            return Percentile.of(edge, 0.99, PercentileConfidence.SHOWN);
        }

        public Percentile cloudP99() {
            return Percentile.of(cloud, 0.99, PercentileConfidence.SHOWN);
        }
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

    /**
     * A device, when it was last heard from and how far its clock is off (SPEC §3a).
     *
     * <p>The clock offset is measured over the device's events the broker received in the last
     * {@link #CLOCK_WINDOW} (inference events and device samples alike) as
     * {@code max(event_time − received_at)}, {@code received_at} being the broker's append time. Transport only
     * ever delays an event, so every {@code event_time − received_at} is the offset minus that event's delay, and
     * the largest is the best estimate of the offset (off by the smallest delay seen, normally well under a
     * second). A clock ahead shows as a positive offset, one behind as a negative one. A backlog replayed from a
     * device's spool is old by the broker's clock, but as long as the device also sends live events those set the
     * maximum, so a replay alone does not look like a clock behind.
     *
     * @param clockOffset {@code event_time − received_at} as above; {@code null} when unknown (nothing of the
     *                    device was received in the last {@link #CLOCK_WINDOW})
     */
    public record DeviceLastSeen(String deviceId, String deviceClass, Instant lastSeen, Duration clockOffset) {

        /** How far back the events a device's clock offset is measured over were received. */
        public static final Duration CLOCK_WINDOW = Duration.ofMinutes(10);
    }

    public record DeadLetterCount(long count, String latestReason) {
        public static final DeadLetterCount NONE = new DeadLetterCount(0, "");
    }
}
