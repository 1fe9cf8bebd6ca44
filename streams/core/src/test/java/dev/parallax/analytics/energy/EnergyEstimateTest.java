package dev.parallax.analytics.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnergyEstimateTest {

    @Test
    void energyIsNetPowerTimesLatency() {
        assertEquals(0.9, EnergyAccumulator.joules(12, 3, 100), 1e-12); // 9 W for 100 ms
        assertEquals(0, EnergyAccumulator.joules(2.9, 3, 100), 0, "below idle is sensor noise, not negative energy");
        assertThrows(IllegalArgumentException.class, () -> EnergyAccumulator.joules(Double.NaN, 3, 100));
        assertThrows(IllegalArgumentException.class, () -> EnergyAccumulator.joules(5, 3, -1));
    }

    @Test
    void intervalUsesStudentTForSmallSamples() {
        EnergyEstimate e = new EnergyAccumulator().add(13, 3, 100).add(15, 3, 100).add(17, 3, 100).estimate();
        // energies 1.0, 1.2, 1.4 J: mean 1.2, s = 0.2, t(0.975, 2) = 4.302653
        assertEquals(1.2, e.meanJoules(), 1e-12);
        assertEquals(4.302653 * 0.2 / Math.sqrt(3), e.halfWidthJoules(), 1e-9);
    }

    @Test
    void tableAndExpansionAgreeWhereTheyMeet() {
        assertEquals(2.042272, StudentT.critical95(30), 1e-6);
        assertEquals(2.039513, StudentT.critical95(31), 1e-6);
        assertEquals(1.983972, StudentT.critical95(100), 1e-6);
        assertEquals(1.959964, StudentT.critical95(10_000_000), 1e-6);
    }

    @Test
    void intervalCoversTheTrueMeanNinetyFivePercentOfTheTime() {
        SplittableRandom random = new SplittableRandom(7);
        int covered = 0;
        int trials = 2000;
        for (int t = 0; t < trials; t++) {
            EnergyAccumulator acc = new EnergyAccumulator();
            for (int i = 0; i < 12; i++) {
                double power = 3 + 8 + 2 * random.nextGaussian(); // true mean net power 8 W
                acc.add(Math.max(3, power), 3, 50); // mean ≈ 0.4 J
            }
            EnergyEstimate e = acc.estimate();
            double trueMean = 0.4; // clamping at idle happens at 4 sigma: negligible
            if (e.lowJoules() <= trueMean && trueMean <= e.highJoules()) {
                covered++;
            }
        }
        double coverage = (double) covered / trials;
        assertTrue(coverage > 0.93 && coverage < 0.97, "coverage " + coverage);
    }

    @Test
    void momentsFromTheWarehouseGiveTheSameInterval() {
        EnergyAccumulator acc = new EnergyAccumulator();
        double[] powers = {10, 11, 9.5, 12, 10.5};
        for (double p : powers) {
            acc.add(p, 2, 40);
        }
        EnergyEstimate streamed = acc.estimate();
        double mean = 0;
        for (double p : powers) {
            mean += (p - 2) * 0.04 / powers.length;
        }
        double var = 0;
        for (double p : powers) {
            var += Math.pow((p - 2) * 0.04 - mean, 2) / (powers.length - 1);
        }
        EnergyEstimate fromMoments = EnergyEstimate.fromMoments(powers.length, mean, var);
        assertEquals(fromMoments.lowJoules(), streamed.lowJoules(), 1e-12);
        assertEquals(fromMoments.highJoules(), streamed.highJoules(), 1e-12);
    }

    @Test
    void tooFewSamplesHaveNoInterval() {
        assertTrue(Double.isNaN(EnergyEstimate.fromMoments(0, 0, 0).meanJoules()));
        EnergyEstimate one = EnergyEstimate.fromMoments(1, 0.5, Double.NaN);
        assertEquals(0.5, one.meanJoules());
        assertTrue(Double.isNaN(one.lowJoules()) && Double.isNaN(one.highJoules()));
    }
}
