package dev.parallax.analytics.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.Tier;
import dev.parallax.analytics.alert.FleetSnapshot.DriftSample;
import dev.parallax.analytics.latency.DDQuantileSketch;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyDriftRuleTest {

    private static DDQuantileSketch lognormal(long seed, int n, double medianMs) {
        SplittableRandom random = new SplittableRandom(seed);
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(0.005);
        for (int i = 0; i < n; i++) {
            sketch.add(medianMs * Math.exp(0.3 * random.nextGaussian()));
        }
        return sketch;
    }

    private static List<Finding> evaluate(DDQuantileSketch current, DDQuantileSketch baseline) {
        return new LatencyDriftRule().evaluate(Snapshots.drift(
                new DriftSample("t1", "resnet", Tier.EDGE, "pi5-hailo8l", current, baseline)), AlertSettings.DEFAULTS);
    }

    @Test
    void sameDistributionDoesNotDrift() {
        assertTrue(evaluate(lognormal(1, 5000, 40), lognormal(2, 50_000, 40)).isEmpty());
    }

    @Test
    void aThirtyPercentSlowerMedianDrifts() {
        List<Finding> findings = evaluate(lognormal(1, 5000, 52), lognormal(2, 50_000, 40));
        assertEquals(1, findings.size());
        assertEquals(0.30, findings.getFirst().value(), 0.03);
        assertTrue(findings.getFirst().summary().contains("p99 +"), findings.getFirst().summary());
        assertTrue(findings.getFirst().summary().matches(
                ".*p99 now [\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\), baseline [\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\).*"),
                findings.getFirst().summary());
    }

    @Test
    void smallSamplesGetNoP99Verdict() {
        List<Finding> findings = evaluate(lognormal(1, 200, 60), lognormal(2, 50_000, 40));
        assertEquals(1, findings.size(), "a 50 % median shift is visible in 200 samples");
        assertTrue(findings.getFirst().summary().contains("p99 too few samples"), findings.getFirst().summary());
        assertTrue(findings.getFirst().summary().contains("p99 now " ) && findings.getFirst().summary()
                .contains("(not enough samples: 200 of "), findings.getFirst().summary());
    }

    @Test
    void twoSampleTestMatchesTheKolmogorovStatistic() {
        // Disjoint samples: D = 1, p ≈ 0. Identical sketches: D = 0, p = 1.
        DDQuantileSketch fast = lognormal(1, 1000, 10);
        DDQuantileSketch slow = lognormal(2, 1000, 1000);
        SketchKolmogorovSmirnov.Result disjoint = SketchKolmogorovSmirnov.test(fast, slow);
        assertEquals(1.0, disjoint.statistic(), 0.011);
        assertTrue(disjoint.pValue() < 1e-12);
        SketchKolmogorovSmirnov.Result same = SketchKolmogorovSmirnov.test(fast, fast.copy());
        assertEquals(0.0, same.statistic(), 0.011);
        assertTrue(same.pValue() > 0.99);
        // Tabulated tail: Q_KS(1.36) ≈ 0.049 (the 5 % critical value).
        assertEquals(0.0494, SketchKolmogorovSmirnov.kolmogorovTail(1.36), 0.001);
    }
}
