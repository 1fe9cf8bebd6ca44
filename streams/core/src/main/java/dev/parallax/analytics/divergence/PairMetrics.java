package dev.parallax.analytics.divergence;

/**
 * Divergence of a candidate output vector c from its reference r (SPEC §5).
 *
 * @param top1Agree   whether the argmax positions are equal (first position wins a tie)
 * @param top5Overlap {@code |top_k(r) ∩ top_k(c)| / k} with {@code k = min(5, n)}
 * @param cosine      cosine similarity; 1 when both vectors are zero, 0 when only one is
 * @param maxAbsErr   {@code max |r_i - c_i|}
 * @param meanAbsErr  {@code mean |r_i - c_i|}
 * @param sqnrDb      {@code 10 log10(Σ r² / Σ (r - c)²)}; {@code +Infinity} for identical vectors,
 *                    {@code -Infinity} for a zero reference and a non-zero candidate (windows cap both)
 * @param kl          KL(P_r ‖ P_c) in nats: of the softmaxes for LOGITS, of the normalized vectors for
 *                    PROBABILITIES; {@code NaN} for other output kinds
 */
public record PairMetrics(boolean top1Agree, double top5Overlap, double cosine, double maxAbsErr, double meanAbsErr,
                          double sqnrDb, double kl) implements Comparison {

    public boolean hasKl() {
        return !Double.isNaN(kl);
    }
}
