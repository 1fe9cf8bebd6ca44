package dev.parallax.analytics.placement;

import dev.parallax.analytics.Tier;
import java.time.Duration;

/**
 * Cost of one inference on each tier (SPEC §7, seed 000_895a19f75bac0993):
 * {@code per-inference cost = (amortized infrastructure + energy + ops) / inferences in the amortization window}.
 *
 * <p>An edge node is bought once and amortized over its duty life; running it costs its power under load and
 * an ops overhead per year. A cloud GPU is rented by the hour (energy included in the price), plus an optional
 * ops overhead per hour. Both windows are assumed fully busy at the tier's measured throughput, which is how the
 * seed's worked examples count: a node that idles costs more per inference, never less.
 *
 * @param edgeNodeUsd         one edge node (board, accelerator HAT, power supply, storage)
 * @param edgeAmortization    its duty life
 * @param edgeLoadPowerW      its power under inference load
 * @param electricityUsdPerKwh price of energy at the edge
 * @param edgeOpsUsdPerYear   rack, network, care per node and year
 * @param cloudGpuUsdPerHour  on-demand price of one inference GPU instance
 * @param cloudOpsUsdPerHour  ops overhead per GPU hour (egress, storage, orchestration)
 */
public record CostModel(double edgeNodeUsd, Duration edgeAmortization, double edgeLoadPowerW,
                        double electricityUsdPerKwh, double edgeOpsUsdPerYear, double cloudGpuUsdPerHour,
                        double cloudOpsUsdPerHour) {

    /** SPEC §7 defaults: a $250 node over 2 years at 20 W (the middle of 15–30 W), $20/year ops; $1.00 GPU hour. */
    public static final CostModel DEFAULTS = new CostModel(250, Duration.ofDays(730), 20, 0.15, 20, 1.00, 0);

    private static final double HOURS_PER_YEAR = 8760;
    private static final double SECONDS_PER_MONTH = 30.4375 * 86_400; // an average month

    public CostModel {
        requireNonNegative("edge node price", edgeNodeUsd);
        if (edgeAmortization == null || edgeAmortization.isNegative() || edgeAmortization.isZero()) {
            throw new IllegalArgumentException("edge amortization must be positive: " + edgeAmortization);
        }
        requireNonNegative("edge load power", edgeLoadPowerW);
        requireNonNegative("electricity price", electricityUsdPerKwh);
        requireNonNegative("edge ops per year", edgeOpsUsdPerYear);
        requireNonNegative("cloud GPU price per hour", cloudGpuUsdPerHour);
        requireNonNegative("cloud ops per hour", cloudOpsUsdPerHour);
    }

    /** Cost of one inference on an edge node that sustains {@code inferencesPerSecond}. */
    public double edgePerInference(double inferencesPerSecond) {
        double hours = edgeAmortization.toSeconds() / 3600.0;
        double energyUsd = edgeLoadPowerW / 1000 * hours * electricityUsdPerKwh;
        double opsUsd = edgeOpsUsdPerYear * hours / HOURS_PER_YEAR;
        return (edgeNodeUsd + energyUsd + opsUsd) / inferences(inferencesPerSecond, hours);
    }

    /** Cost of one inference on a cloud GPU that sustains {@code inferencesPerSecond}; any campaign length. */
    public double cloudPerInference(double inferencesPerSecond) {
        return (cloudGpuUsdPerHour + cloudOpsUsdPerHour) / inferences(inferencesPerSecond, 1);
    }

    public double perInference(Tier tier, double inferencesPerSecond) {
        return switch (tier) {
            case EDGE -> edgePerInference(inferencesPerSecond);
            case CLOUD -> cloudPerInference(inferencesPerSecond);
        };
    }

    /** What a month of a workload of {@code inferencesPerMonth} costs on a tier that sustains the given rate. */
    public double monthlyUsd(Tier tier, double inferencesPerMonth, double inferencesPerSecond) {
        requireNonNegative("inferences per month", inferencesPerMonth);
        return inferencesPerMonth * perInference(tier, inferencesPerSecond);
    }

    /** Inferences per month of a workload running continuously at the given rate. */
    public static double monthlyInferences(double inferencesPerSecond) {
        return inferencesPerSecond * SECONDS_PER_MONTH;
    }

    public CostModel withCloudGpuUsdPerHour(double usd) {
        return new CostModel(edgeNodeUsd, edgeAmortization, edgeLoadPowerW, electricityUsdPerKwh, edgeOpsUsdPerYear,
                usd, cloudOpsUsdPerHour);
    }

    public CostModel withEdgeNode(double usd, Duration amortization) {
        return new CostModel(usd, amortization, edgeLoadPowerW, electricityUsdPerKwh, edgeOpsUsdPerYear,
                cloudGpuUsdPerHour, cloudOpsUsdPerHour);
    }

    public CostModel withEdgeRunning(double loadPowerW, double electricityUsdPerKwh, double opsUsdPerYear) {
        return new CostModel(edgeNodeUsd, edgeAmortization, loadPowerW, electricityUsdPerKwh, opsUsdPerYear,
                cloudGpuUsdPerHour, cloudOpsUsdPerHour);
    }

    private static double inferences(double inferencesPerSecond, double hours) {
        if (!(inferencesPerSecond > 0 && Double.isFinite(inferencesPerSecond))) {
            throw new IllegalArgumentException("throughput must be a positive rate: " + inferencesPerSecond);
        }
        return inferencesPerSecond * 3600 * hours;
    }

    private static void requireNonNegative(String what, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(what + " must be finite and >= 0: " + value);
        }
    }
}
