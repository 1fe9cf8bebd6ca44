package dev.parallax.analytics.latency;

import java.util.SplittableRandom;

/** Seeded latency-like distributions with heavy tails, and the exact quantile the sketch is judged against. */
final class HeavyTailedData {

    private HeavyTailedData() {
    }

    enum Shape {
        /** Typical inference latency: lognormal around 20 ms with sigma 1. */
        LOGNORMAL,
        /** Pareto with shape 1.16 (the 80/20 tail) from 1 ms: a sample of 1e6 reaches ~1e5 ms. */
        PARETO,
        /** Edge/cloud mix: 70 % edge around 45 ms, 30 % cloud around 4 ms, and 0.5 % multi-second stalls. */
        BIMODAL_EDGE_CLOUD
    }

    static double[] sample(Shape shape, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (shape) {
                case LOGNORMAL -> Math.exp(Math.log(20) + gaussian(random));
                case PARETO -> Math.pow(1 - random.nextDouble(), -1 / 1.16);
                case BIMODAL_EDGE_CLOUD -> {
                    double u = random.nextDouble();
                    if (u < 0.005) {
                        yield 2_000 + 8_000 * random.nextDouble();
                    }
                    yield u < 0.7 ? Math.exp(Math.log(45) + 0.3 * gaussian(random))
                            : Math.exp(Math.log(4) + 0.2 * gaussian(random));
                }
            };
        }
        return values;
    }

    /** Lower quantile x[floor(q (n-1))] of ascending-sorted values: the rank definition of QuantileSketch. */
    static double exactQuantile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller keeps the data identical across JDKs (nextGaussian's algorithm is not specified).
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
