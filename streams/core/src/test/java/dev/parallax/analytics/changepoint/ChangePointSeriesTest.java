package dev.parallax.analytics.changepoint;

import static dev.parallax.analytics.changepoint.ChangePointGoldenTest.indexes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangePointSeriesTest {

    private static final ChangePointSettings DEFAULTS = ChangePointSettings.defaults();

    /** The usual product setting: Otava's default window and p-value, changes under 2 % ignored. */
    private static final ChangePointSettings FLOOR_2_PERCENT = new ChangePointSettings(50, 0.001, 0.02);

    /**
     * Steps of 10 and 20 noise deviations: only a 5-sigma run at the boundary could pass for the other side.
     * (At 5 sigma, a 2.5-sigma run there happens now and then, and the step is found one run off.)
     */
    @Test
    void aStepIsFoundAtTheFirstRunAfterIt() {
        for (double change : new double[] {0.05, -0.05, 0.10, -0.10}) {
            for (long seed = 1; seed <= 20; seed++) {
                double[] values = new Synthetic(seed, 0.005).step(200, 1000, 120, change);
                List<ChangePoint> found = ChangePointSeries.of(FLOOR_2_PERCENT, values).changePoints();
                String label = "change " + change + ", seed " + seed;
                assertArrayEquals(new int[] {120}, indexes(found), label);
                MeanShift shift = found.getFirst().shift();
                assertEquals(120, shift.runsBefore(), label);
                assertEquals(80, shift.runsAfter(), label);
                assertEquals(change, shift.relativeChange(), 0.005, label);
                assertTrue(shift.pValue() < 1e-12, label);
            }
        }
    }

    @Test
    void withoutAMagnitudeFloorNoiseAddsSmallChangePointsBesideTheStep() {
        // At p < 0.001 alone, a 1.5 % dip of 8 runs in 1 % noise after the step also counts.
        double[] values = new Synthetic(2, 0.01).step(200, 1000, 120, 0.05);
        List<ChangePoint> found = ChangePointSeries.of(DEFAULTS, values).changePoints();
        assertArrayEquals(new int[] {120, 133}, indexes(found));
        assertTrue(found.get(1).shift().magnitude() < 0.02);
    }

    @Test
    void twoStepsAreBothFound() {
        double[] up = new Synthetic(7, 0.01).step(150, 1000, 60, 0.08);
        double[] down = new Synthetic(8, 0.01).step(150, 1080, 40, -0.06);
        double[] values = concat(up, down);
        List<ChangePoint> found = ChangePointSeries.of(FLOOR_2_PERCENT, values).changePoints();
        assertArrayEquals(new int[] {60, 190}, indexes(found));
        assertEquals(130, found.get(1).shift().runsBefore());
    }

    @Test
    void pureNoiseGivesNoneAtAStrictPValue() {
        ChangePointSettings strict = new ChangePointSettings(50, 1e-5, 0);
        for (long seed = 1; seed <= 50; seed++) {
            double[] values = new Synthetic(seed, 0.02).flat(300, 1000);
            assertEquals(List.of(), ChangePointSeries.of(strict, values).changePoints(), "seed " + seed);
        }
    }

    /**
     * A creep of 0.05 % per run (+20 % over 400 runs, noise 1 %) moves too little within one window to be a
     * single change: without a floor it comes out as a staircase of small rises, one every 15 to 50 runs; with
     * a 5 % floor the merge fuses the stairs and reports at most one rise near the middle.
     */
    @Test
    void aSlowCreepIsAStaircaseOfSmallRisesOrOneBigOne() {
        ChangePointSettings floor5Percent = new ChangePointSettings(50, 0.001, 0.05);
        for (long seed = 1; seed <= 5; seed++) {
            double[] values = new Synthetic(seed, 0.01).creep(400, 1000, 0.0005);
            List<ChangePoint> stairs = ChangePointSeries.of(DEFAULTS, values).changePoints();
            assertTrue(stairs.size() >= 8, "seed " + seed + ": " + stairs);
            for (ChangePoint stair : stairs) {
                double rise = stair.shift().relativeChange();
                assertTrue(rise > 0.005 && rise < 0.03, "seed " + seed + ": " + stair);
            }
            List<ChangePoint> fused = ChangePointSeries.of(floor5Percent, values).changePoints();
            assertTrue(fused.size() <= 1, "seed " + seed + ": " + fused);
            for (ChangePoint rise : fused) {
                assertTrue(rise.shift().relativeChange() > 0.05 && rise.index() > 100 && rise.index() < 350, rise::toString);
            }
        }
    }

    @Test
    void constantAndTinySeriesHaveNone() {
        assertEquals(List.of(), ChangePointSeries.of(DEFAULTS).changePoints());
        assertEquals(List.of(), ChangePointSeries.of(DEFAULTS, 5).changePoints());
        assertEquals(List.of(), ChangePointSeries.of(DEFAULTS, 5, 5).changePoints());
        double[] constant = new double[120];
        Arrays.fill(constant, 42);
        assertEquals(List.of(), ChangePointSeries.of(DEFAULTS, constant).changePoints());
    }

    @Test
    void aNoiselessStepIsCertain() {
        double[] values = new double[80];
        Arrays.fill(values, 40, 80, 1);
        List<ChangePoint> found = ChangePointSeries.of(DEFAULTS, values).changePoints();
        assertArrayEquals(new int[] {40}, indexes(found));
        assertEquals(0, found.getFirst().shift().pValue());
    }

    @Test
    void incrementalAnalysisEqualsAnalysingTheWholeSeriesAgain() {
        ChangePointSettings[] settings = {
                new ChangePointSettings(10, 0.05, 0), new ChangePointSettings(31, 0.01, 0.02), DEFAULTS};
        for (ChangePointSettings setting : settings) {
            for (long seed = 1; seed <= 3; seed++) {
                Synthetic synthetic = new Synthetic(seed, 0.02);
                double[] values = concat(synthetic.step(90, 100, 50, 0.06), synthetic.creep(90, 106, -0.001));
                for (int every : new int[] {1, 7}) { // analysed after each run, or after each seventh
                    ChangePointSeries incremental = new ChangePointSeries(setting);
                    for (int n = 1; n <= values.length; n++) {
                        incremental.append(values[n - 1]);
                        if (n % every == 0) {
                            List<ChangePoint> batch = ChangePointSeries.of(setting, Arrays.copyOf(values, n)).changePoints();
                            assertEquals(batch, incremental.changePoints(), setting + ", seed " + seed + ", runs " + n);
                        }
                    }
                }
            }
        }
    }

    @Test
    void eachChangePointIsTestedAgainstTheSegmentsUpToItsNeighbours() {
        ChangePointSettings setting = new ChangePointSettings(30, 0.01, 0.01);
        for (long seed = 1; seed <= 20; seed++) {
            Synthetic synthetic = new Synthetic(seed, 0.03);
            double[] values = concat(synthetic.step(100, 100, 30, 0.04), synthetic.step(100, 103, 70, -0.05));
            List<ChangePoint> found = ChangePointSeries.of(setting, values).changePoints();
            for (int k = 0; k < found.size(); k++) {
                int from = k == 0 ? 0 : found.get(k - 1).index();
                int to = k == found.size() - 1 ? values.length : found.get(k + 1).index();
                MeanShift expected = MeanShift.between(values, from, found.get(k).index(), to);
                assertEquals(expected, found.get(k).shift(), "seed " + seed);
            }
        }
    }

    @Test
    void rejectsValuesThatAreNotFinite() {
        ChangePointSeries series = new ChangePointSeries(DEFAULTS);
        assertThrows(IllegalArgumentException.class, () -> series.append(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> series.append(Double.POSITIVE_INFINITY));
        assertEquals(0, series.size());
    }

    private static double[] concat(double[] a, double[] b) {
        double[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
