package dev.parallax.analytics.changepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MeanShiftTest {

    @Test
    void matchesOtavasTTest() {
        // scipy 1.17.1: ttest_ind_from_stats(mean(l), numpy.std(l), 4, mean(r), numpy.std(r), 5), as Otava calls it.
        double[] values = {10, 12, 11, 13, 15, 14, 16, 15.5, 14.5};
        MeanShift shift = MeanShift.between(values, 0, 4, 9);
        assertEquals(4, shift.runsBefore());
        assertEquals(5, shift.runsAfter());
        assertEquals(11.5, shift.meanBefore(), 1e-15);
        assertEquals(15, shift.meanAfter(), 1e-15);
        assertEquals(1.118033988749895, shift.stdDevBefore(), 1e-15); // population standard deviation
        assertEquals(-5.756743577610304, shift.tStatistic(), 1e-12);
        assertEquals(0.0006935940249088472, shift.pValue(), 1e-15);
    }

    @Test
    void oneRunOnASideHasNoSpreadButIsTested() {
        // scipy: ttest_ind_from_stats(5, 0, 1, 8, 1, 2).
        MeanShift shift = MeanShift.between(new double[] {5, 7, 9}, 0, 1, 3);
        assertEquals(0, shift.stdDevBefore());
        assertEquals(-2.4494897427831783, shift.tStatistic(), 1e-12);
        assertEquals(0.24675171442884983, shift.pValue(), 1e-14);
    }

    @Test
    void noEvidenceWithOneRunEachOrEqualConstants() {
        assertEquals(1, MeanShift.between(new double[] {1, 9}, 0, 1, 2).pValue());
        assertEquals(1, MeanShift.between(new double[] {4, 4, 4, 4}, 0, 2, 4).pValue());
        assertEquals(0, MeanShift.between(new double[] {4, 4, 6, 6}, 0, 2, 4).pValue());
    }

    @Test
    void magnitudeCountsARiseAndTheFallBackAlike() {
        MeanShift rise = MeanShift.between(new double[] {100, 100, 125, 125}, 0, 2, 4);
        MeanShift fall = MeanShift.between(new double[] {125, 125, 100, 100}, 0, 2, 4);
        assertEquals(0.25, rise.relativeChange(), 1e-15);
        assertEquals(-0.2, fall.relativeChange(), 1e-15);
        assertEquals(0.25, rise.magnitude(), 1e-15);
        assertEquals(0.25, fall.magnitude(), 1e-15);
    }

    @Test
    void aZeroMeanGivesNoRelativeChange() {
        MeanShift fromZero = MeanShift.between(new double[] {-1, 1, 3, 3}, 0, 2, 4);
        assertEquals(0, fromZero.relativeChange());
        assertEquals(1, fromZero.magnitude(), 1e-15); // backwards: 0 / 3 - 1
    }

    @Test
    void bothSidesMustHaveRuns() {
        assertThrows(IllegalArgumentException.class, () -> MeanShift.between(new double[] {1, 2}, 0, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> MeanShift.between(new double[] {1, 2}, 0, 2, 2));
    }
}
