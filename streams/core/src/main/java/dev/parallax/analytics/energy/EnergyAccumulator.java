package dev.parallax.analytics.energy;

/**
 * Energy per inference, accumulated one inference at a time (Welford's algorithm, so no catastrophic
 * cancellation), by the protocol of arXiv 2507.23093: net power = {@code power_w − idle_power_w}, energy =
 * net power × latency. Inferences without a power reading take no part.
 */
public final class EnergyAccumulator {

    private long count;
    private double mean;
    private double sumSquaredDeviations;

    /** Joules spent by one inference; net power below idle (sensor noise) counts as zero. */
    public static double joules(double powerW, double idlePowerW, double latencyMs) {
        if (!(powerW >= 0 && idlePowerW >= 0 && latencyMs >= 0)
                || !Double.isFinite(powerW) || !Double.isFinite(idlePowerW) || !Double.isFinite(latencyMs)) {
            throw new IllegalArgumentException("power, idle power and latency must be finite and >= 0: "
                    + powerW + " W, " + idlePowerW + " W, " + latencyMs + " ms");
        }
        return Math.max(0, powerW - idlePowerW) * latencyMs / 1000;
    }

    public EnergyAccumulator add(double powerW, double idlePowerW, double latencyMs) {
        double x = joules(powerW, idlePowerW, latencyMs);
        count++;
        double delta = x - mean;
        mean += delta / count;
        sumSquaredDeviations += delta * (x - mean);
        return this;
    }

    public EnergyEstimate estimate() {
        return EnergyEstimate.fromMoments(count, count == 0 ? Double.NaN : mean,
                count < 2 ? Double.NaN : sumSquaredDeviations / (count - 1));
    }
}
