package dev.parallax.analytics.regression;

import dev.parallax.analytics.changepoint.ChangePointSeries;
import dev.parallax.analytics.changepoint.ChangePointSettings;
import java.util.SplittableRandom;

/**
 * How often noise alone raises a regression under given settings, for a series of the length and relative noise at
 * hand: measured on seeded noise-only series (a constant level with Gaussian noise, the change-point benchmark's
 * method). The benchmark's figures hold for 200 runs at 1 % noise only (11.5 % of series with a false change point at
 * p &lt; 0.001, 4.0 % with a 2 % floor); the rate grows with the length of the series and, under a magnitude floor,
 * with the noise, so the gate states the one for its own series.
 *
 * <p>Only rises count (a regression of a metric where higher is worse; noise is symmetric, so falls of one where
 * lower is worse are as frequent).
 *
 * @param perSeries share of noise-only series with at least one regression somewhere
 * @param perRun regressions per run: the chance that one given run is flagged as starting a regression
 * @param series how many noise-only series were analysed
 * @param runs their length
 * @param noise their standard deviation relative to their level
 */
public record FalseAlarmRate(double perSeries, double perRun, int series, int runs, double noise) {

    /** Noise-only series analysed per calibration: a rate of 1 in {@value} is the resolution. */
    public static final int SERIES = 200;
    private static final double LEVEL = 1000;

    /** The rate for series of {@code runs} runs with relative noise {@code noise}, from {@link #SERIES} series. */
    public static FalseAlarmRate calibrate(ChangePointSettings settings, int runs, double noise) {
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("relative noise must be >= 0: " + noise);
        }
        if (runs < 2 || noise == 0) {
            return new FalseAlarmRate(0, 0, SERIES, runs, noise);
        }
        // Seeded by the conditions, so the same question always gets the same answer.
        SplittableRandom random = new SplittableRandom(31L * runs + Double.hashCode(noise));
        int alarmed = 0;
        int alarms = 0;
        double[] values = new double[runs];
        for (int s = 0; s < SERIES; s++) {
            for (int i = 0; i < runs; i++) {
                values[i] = LEVEL * (1 + noise * random.nextGaussian());
            }
            long rises = ChangePointSeries.of(settings, values).changePoints().stream()
                    .filter(c -> c.shift().meanAfter() > c.shift().meanBefore()).count();
            alarmed += rises > 0 ? 1 : 0;
            alarms += (int) rises;
        }
        return new FalseAlarmRate((double) alarmed / SERIES, (double) alarms / SERIES / runs, SERIES, runs, noise);
    }

    /**
     * The relative noise of {@code values[from, to)}: their population standard deviation over the absolute value of
     * their mean; 0 when they are all equal; NaN when they vary around a mean of 0 (relative to nothing).
     */
    public static double noiseOf(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        double mean = sum / (to - from);
        double squares = 0;
        for (int i = from; i < to; i++) {
            squares += (values[i] - mean) * (values[i] - mean);
        }
        if (squares == 0) {
            return 0;
        }
        return mean == 0 ? Double.NaN : Math.sqrt(squares / (to - from)) / Math.abs(mean);
    }
}
