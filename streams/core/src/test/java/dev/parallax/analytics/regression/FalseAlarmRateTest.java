package dev.parallax.analytics.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import org.junit.jupiter.api.Test;

class FalseAlarmRateTest {

    private static final ChangePointSettings NO_FLOOR = ChangePointSettings.defaults();

    @Test
    void noiseOnlySeriesRaiseRegressionsAtAboutHalfTheBenchmarksRateOfAnyChange() {
        // The benchmark: 11.5 % of 200-run series at 1 % noise have a change point (either way) at p < 0.001.
        FalseAlarmRate rate = FalseAlarmRate.calibrate(NO_FLOOR, 200, 0.01);
        assertTrue(rate.perSeries() > 0.02 && rate.perSeries() < 0.115, "rises only: " + rate);
        assertTrue(rate.perRun() < rate.perSeries() / 50, "a given run is rarely the one: " + rate);
        assertEquals(new FalseAlarmRate(rate.perSeries(), rate.perRun(), 200, 200, 0.01), rate);
        assertEquals(rate, FalseAlarmRate.calibrate(NO_FLOOR, 200, 0.01), "seeded: the same question, the same answer");
    }

    @Test
    void aFloorAboveTheNoiseSilencesIt() {
        FalseAlarmRate noFloor = FalseAlarmRate.calibrate(NO_FLOOR, 100, 0.01);
        FalseAlarmRate floor2 = FalseAlarmRate.calibrate(new ChangePointSettings(50, 0.001, 0.02), 100, 0.01);
        FalseAlarmRate floor10 = FalseAlarmRate.calibrate(new ChangePointSettings(50, 0.001, 0.10), 100, 0.01);
        assertTrue(noFloor.perSeries() > 0, noFloor.toString());
        assertTrue(floor2.perSeries() < noFloor.perSeries(), floor2 + " vs " + noFloor);
        assertEquals(0, floor10.perSeries(), floor10.toString());
    }

    @Test
    void noNoiseNoAlarmsAndUndefinedNoiseIsRefused() {
        assertEquals(0, FalseAlarmRate.calibrate(NO_FLOOR, 50, 0).perSeries());
        assertThrows(IllegalArgumentException.class, () -> FalseAlarmRate.calibrate(NO_FLOOR, 50, Double.NaN));
    }

    @Test
    void noiseIsTheStandardDeviationRelativeToTheMean() {
        assertEquals(0.1, FalseAlarmRate.noiseOf(new double[] {0, 9, 11, 5}, 1, 3), 1e-12);
        assertEquals(0.1, FalseAlarmRate.noiseOf(new double[] {-9, -11}, 0, 2), 1e-12);
        assertTrue(Double.isNaN(FalseAlarmRate.noiseOf(new double[] {-1, 1}, 0, 2)));
        assertEquals(0, FalseAlarmRate.noiseOf(new double[] {0, 0, 0}, 0, 3), "a flip rate that stays 0");
    }
}
