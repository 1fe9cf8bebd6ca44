package dev.parallax.analytics.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.divergence.Comparison.Rejection;
import org.junit.jupiter.api.Test;

class OutputComparatorTest {

    private final OutputComparator comparator = DivergenceSettings.defaults().comparator();

    private PairMetrics metrics(float[] r, float[] c, OutputKind kind) {
        return assertInstanceOf(PairMetrics.class, comparator.compare(r, c, kind));
    }

    private String rejection(float[] r, float[] c, OutputKind kind) {
        return assertInstanceOf(Rejection.class, comparator.compare(r, c, kind)).reason();
    }

    @Test
    void handComputedLogitsPair() {
        PairMetrics m = metrics(new float[] {1, 2, 3}, new float[] {1, 2, 2}, OutputKind.LOGITS);

        assertFalse(m.top1Agree(), "argmax 2 vs 1 (the first of the tied maxima)");
        assertEquals(1.0, m.top5Overlap(), "k = min(5, 3) = 3: all positions shared");
        assertEquals(11 / (Math.sqrt(14) * 3), m.cosine(), 1e-15);     // r.c = 11, |r| = sqrt 14, |c| = 3
        assertEquals(1, m.maxAbsErr());
        assertEquals(1 / 3.0, m.meanAbsErr(), 1e-15);
        assertEquals(10 * Math.log10(14), m.sqnrDb(), 1e-12);            // Σr² = 14, Σ(r-c)² = 1
        // KL = Σ p_i (r_i - c_i) - log Z_r + log Z_c = p_3 - log(e + e² + e³) + log(e + 2e²)
        double zr = Math.E + Math.exp(2) + Math.exp(3);
        double zc = Math.E + 2 * Math.exp(2);
        assertEquals(Math.exp(3) / zr - Math.log(zr) + Math.log(zc), m.kl(), 1e-12);
        assertEquals(0.119629, m.kl(), 1e-6);
    }

    @Test
    void identicalVectors() {
        float[] v = {0.5f, -2, 7};
        PairMetrics m = metrics(v, v.clone(), OutputKind.LOGITS);
        assertTrue(m.top1Agree());
        assertEquals(1, m.top5Overlap());
        assertEquals(1, m.cosine(), 1e-15);
        assertEquals(0, m.maxAbsErr());
        assertEquals(0, m.meanAbsErr());
        assertEquals(Double.POSITIVE_INFINITY, m.sqnrDb());
        assertEquals(0, m.kl());
    }

    @Test
    void topFiveOverlapCountsSharedPositions() {
        float[] r = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
        float[] c = {0, 8, 7, 6, 5, 4, 3, 2, 1, 9};
        PairMetrics m = metrics(r, c, OutputKind.EMBEDDING);
        assertFalse(m.top1Agree());
        assertEquals(0.8, m.top5Overlap(), "{0,1,2,3,4} vs {9,1,2,3,4}");
        assertTrue(Double.isNaN(m.kl()), "no KL for embeddings");
        assertFalse(m.hasKl());
    }

    @Test
    void probabilitiesKlOnNormalizedDistributions() {
        // 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln(4/3); the candidate [1, 3] normalizes to [0.25, 0.75].
        PairMetrics m = metrics(new float[] {0.5f, 0.5f}, new float[] {1, 3}, OutputKind.PROBABILITIES);
        assertEquals(0.5 * Math.log(4 / 3.0), m.kl(), 1e-12);
        // A quantized zero where the reference has mass is floored at 1e-12, not infinite.
        PairMetrics zero = metrics(new float[] {1, 0}, new float[] {0, 1}, OutputKind.PROBABILITIES);
        assertEquals(-Math.log(1e-12), zero.kl(), 1e-9);
    }

    @Test
    void logSoftmaxIsStableForHugeLogits() {
        PairMetrics m = metrics(new float[] {1000, 0, -1000}, new float[] {999, 0, -1000}, OutputKind.LOGITS);
        assertTrue(Double.isFinite(m.kl()));
        assertEquals(0, m.kl(), 1e-300 + 1e-12, "both softmaxes put all mass on position 0");
        PairMetrics shifted = metrics(new float[] {1000, 1001}, new float[] {0, 1}, OutputKind.LOGITS);
        assertEquals(0, shifted.kl(), 1e-12, "softmax is shift invariant");
    }

    @Test
    void zeroVectors() {
        PairMetrics zeroReference = metrics(new float[] {0, 0}, new float[] {1, 0}, OutputKind.OTHER);
        assertEquals(0, zeroReference.cosine());
        assertEquals(Double.NEGATIVE_INFINITY, zeroReference.sqnrDb());
        PairMetrics bothZero = metrics(new float[] {0, 0}, new float[] {0, 0}, OutputKind.OTHER);
        assertEquals(1, bothZero.cosine());
        assertEquals(Double.POSITIVE_INFINITY, bothZero.sqnrDb());
    }

    @Test
    void rejectsWhatCannotBeCompared() {
        assertEquals("reference: empty outputs", rejection(new float[0], new float[] {1}, OutputKind.LOGITS));
        assertEquals("candidate: empty outputs", rejection(new float[] {1}, new float[0], OutputKind.LOGITS));
        assertEquals("length mismatch: reference has 3 outputs, candidate 2",
                rejection(new float[] {1, 2, 3}, new float[] {1, 2}, OutputKind.LOGITS));
        assertEquals("candidate: non-finite output NaN at index 1",
                rejection(new float[] {1, 2}, new float[] {1, Float.NaN}, OutputKind.LOGITS));
        assertEquals("reference: non-finite output Infinity at index 0",
                rejection(new float[] {Float.POSITIVE_INFINITY}, new float[] {1}, OutputKind.OTHER));
        assertEquals("candidate: negative probability -0.1 at index 0",
                rejection(new float[] {1, 0}, new float[] {-0.1f, 1.1f}, OutputKind.PROBABILITIES));
        assertEquals("reference: probabilities sum to zero",
                rejection(new float[] {0, 0}, new float[] {0, 1}, OutputKind.PROBABILITIES));
    }
}
