package dev.parallax.insights;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * A benchmark's figure and its baseline, measured in turns (each turn the baseline, then the figure) so that what the
 * machine does meanwhile falls on both alike: the median of each.
 */
public record InTurns(double baseline, double measured) {

    public static InTurns of(int turns, DoubleSupplier baseline, DoubleSupplier measured) {
        double[] baselines = new double[turns];
        double[] measurements = new double[turns];
        for (int turn = 0; turn < turns; turn++) {
            baselines[turn] = baseline.getAsDouble();
            measurements[turn] = measured.getAsDouble();
        }
        return new InTurns(median(baselines), median(measurements));
    }

    /** The figure as a multiple of its baseline. */
    public double ratio() {
        return measured / baseline;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
