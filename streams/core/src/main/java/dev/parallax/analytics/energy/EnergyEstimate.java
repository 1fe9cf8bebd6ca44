package dev.parallax.analytics.energy;

/**
 * Mean energy per inference with its two-sided 95 % confidence interval (SPEC §8), in joules.
 * With fewer than two inferences the interval is unbounded ({@code NaN} bounds): one sample says nothing of spread.
 */
public record EnergyEstimate(long inferences, double meanJoules, double lowJoules, double highJoules) {

    /**
     * The estimate from the sample moments of per-inference energies: count, mean and the sample variance
     * (n − 1 denominator), as a warehouse computes them with {@code count, avg, varSamp}.
     */
    public static EnergyEstimate fromMoments(long inferences, double meanJoules, double sampleVariance) {
        if (inferences < 0) {
            throw new IllegalArgumentException("inferences must be >= 0: " + inferences);
        }
        if (inferences == 0) {
            return new EnergyEstimate(0, Double.NaN, Double.NaN, Double.NaN);
        }
        if (inferences == 1) {
            return new EnergyEstimate(1, meanJoules, Double.NaN, Double.NaN);
        }
        double halfWidth = StudentT.critical95(inferences - 1) * Math.sqrt(Math.max(0, sampleVariance) / inferences);
        return new EnergyEstimate(inferences, meanJoules, meanJoules - halfWidth, meanJoules + halfWidth);
    }

    public double halfWidthJoules() {
        return (highJoules - lowJoules) / 2;
    }

    /** Mean energy per inference in milliwatt-hours, the unit battery budgets use. */
    public double meanMilliwattHours() {
        return meanJoules / 3.6;
    }
}
