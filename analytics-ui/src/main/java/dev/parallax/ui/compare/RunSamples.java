package dev.parallax.ui.compare;

/**
 * What one run measured in one series, value by value, for telling two runs apart: its successful inferences'
 * latencies (ascending), the energy of those with power readings, and its divergence pairs (top-1 flips and each
 * pair's SQNR). Arrays are empty when the run has none.
 */
public record RunSamples(double[] latenciesMs, double[] energiesJ, long pairs, long flips, double[] sqnrDb) {

    public static final RunSamples NONE = new RunSamples(new double[0], new double[0], 0, 0, new double[0]);
}
