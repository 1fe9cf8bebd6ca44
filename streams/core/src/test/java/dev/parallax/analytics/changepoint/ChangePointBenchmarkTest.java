package dev.parallax.analytics.changepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's figures for the change-point detector, measured in one run: how often steps of 2, 5 and 10 % are
 * found and how often noise alone raises one, over 1,000 series each; and the time to bring a 1,000-run
 * series up to date after one more run, incrementally and by analysing it all again. Run with
 * {@code ./parallax bench}.
 */
@Tag("benchmark")
class ChangePointBenchmarkTest {

    private static final int SERIES = 1_000;
    private static final int RUNS = 200;
    private static final int STEP_AT = 100;
    /** A change point within this many runs of the step counts as finding it. */
    private static final int TOLERANCE = 2;

    @Test
    void detectionAndFalseAlarms() {
        ChangePointSettings[] settings = {ChangePointSettings.defaults(), new ChangePointSettings(50, 0.001, 0.02)};
        for (double noise : new double[] {0.01, 0.02}) {
            for (ChangePointSettings setting : settings) {
                StringBuilder line = new StringBuilder(String.format(
                        "noise %.0f %%, window %d, p < %s, magnitude > %.0f %%, %d series of %d runs:",
                        noise * 100, setting.windowLength(), setting.maxPValue(), setting.minMagnitude() * 100,
                        SERIES, RUNS));
                for (double step : new double[] {0.02, 0.05, 0.10}) {
                    int found = 0;
                    int exact = 0;
                    for (int s = 0; s < SERIES; s++) {
                        double[] values = new Synthetic(s, noise).step(RUNS, 1000, STEP_AT, step);
                        List<ChangePoint> points = ChangePointSeries.of(setting, values).changePoints();
                        found += points.stream().anyMatch(c -> Math.abs(c.index() - STEP_AT) <= TOLERANCE) ? 1 : 0;
                        exact += points.stream().anyMatch(c -> c.index() == STEP_AT) ? 1 : 0;
                    }
                    line.append(String.format(" step %.0f %% found %.1f %% (at the exact run %.1f %%);",
                            step * 100, 100.0 * found / SERIES, 100.0 * exact / SERIES));
                }
                int alarmed = 0;
                int alarms = 0;
                for (int s = 0; s < SERIES; s++) {
                    double[] values = new Synthetic(1_000_000 + s, noise).flat(RUNS, 1000);
                    int count = ChangePointSeries.of(setting, values).changePoints().size();
                    alarmed += count > 0 ? 1 : 0;
                    alarms += count;
                }
                line.append(String.format(" noise only: %.1f %% of series with a false alarm, %.3f per series",
                        100.0 * alarmed / SERIES, (double) alarms / SERIES));
                System.out.println(line);
            }
        }
    }

    @Test
    void incrementalUpdateAgainstFullRecomputation() {
        ChangePointSettings setting = ChangePointSettings.defaults();
        int length = 1_000;
        int series = 200;
        int rounds = 5;
        measure(setting, length, series); // warm-up
        double[] incremental = new double[rounds];
        double[] full = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] nanos = measure(setting, length, series);
            incremental[r] = nanos[0];
            full[r] = nanos[1];
        }
        Arrays.sort(incremental);
        Arrays.sort(full);
        double medianIncremental = incremental[rounds / 2];
        double medianFull = full[rounds / 2];
        System.out.printf("series of %d runs, window %d, p < %s: one more run in %.1f µs incrementally, %.1f µs"
                        + " analysing it all again, %.0fx (medians of %d rounds of %d series; incremental %.1f..%.1f µs,"
                        + " full %.1f..%.1f µs)%n", length, setting.windowLength(), setting.maxPValue(),
                medianIncremental / 1e3, medianFull / 1e3, medianFull / medianIncremental, rounds, series,
                incremental[0] / 1e3, incremental[rounds - 1] / 1e3, full[0] / 1e3, full[rounds - 1] / 1e3);
    }

    /** Mean nanoseconds per update: {incremental, full}. */
    private static double[] measure(ChangePointSettings setting, int length, int count) {
        ChangePointSeries[] analysed = new ChangePointSeries[count];
        double[][] values = new double[count][];
        for (int s = 0; s < count; s++) {
            Synthetic synthetic = new Synthetic(s, 0.01);
            values[s] = Arrays.copyOf(concat(synthetic.step(length / 2, 1000, length / 4, 0.05),
                    synthetic.step(length / 2 + 1, 1050, length / 4, -0.03)), length + 1);
            analysed[s] = ChangePointSeries.of(setting, Arrays.copyOf(values[s], length));
            analysed[s].changePoints();
        }
        List<?>[] incremental = new List<?>[count];
        long start = System.nanoTime();
        for (int s = 0; s < count; s++) {
            analysed[s].append(values[s][length]);
            incremental[s] = analysed[s].changePoints();
        }
        long incrementalNanos = System.nanoTime() - start;
        List<?>[] full = new List<?>[count];
        start = System.nanoTime();
        for (int s = 0; s < count; s++) {
            full[s] = ChangePointSeries.of(setting, values[s]).changePoints();
        }
        long fullNanos = System.nanoTime() - start;
        for (int s = 0; s < count; s++) {
            assertEquals(full[s], incremental[s], "series " + s);
        }
        return new double[] {(double) incrementalNanos / count, (double) fullNanos / count};
    }

    private static double[] concat(double[] a, double[] b) {
        double[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
