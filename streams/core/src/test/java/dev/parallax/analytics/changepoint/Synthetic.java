package dev.parallax.analytics.changepoint;

import java.util.SplittableRandom;

/** Seeded synthetic run series: a level, Gaussian noise relative to it, and steps or a creep on top. */
final class Synthetic {

    private final SplittableRandom random;
    private final double noise;

    /** @param noise standard deviation of the noise as a fraction of the level */
    Synthetic(long seed, double noise) {
        this.random = new SplittableRandom(seed);
        this.noise = noise;
    }

    double[] flat(int runs, double level) {
        return step(runs, level, runs, 0);
    }

    /** {@code level} until run {@code at}, then {@code level * (1 + change)}. */
    double[] step(int runs, double level, int at, double change) {
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            values[i] = noisy(i < at ? level : level * (1 + change));
        }
        return values;
    }

    /** {@code level} growing by {@code perRun} (a fraction) each run. */
    double[] creep(int runs, double level, double perRun) {
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            values[i] = noisy(level * (1 + perRun * i));
        }
        return values;
    }

    private double noisy(double mean) {
        return mean * (1 + noise * random.nextGaussian());
    }
}
