package dev.parallax.analytics.placement;

/**
 * Quantized-vs-reference divergence over a range of pairs (SPEC §5), pooled over its windows.
 *
 * @param pairs      matched pairs in the range
 * @param flipRate   1 − mean top-1 agreement
 * @param sqnrMeanDb mean SQNR in dB
 * @param cosineMean mean cosine similarity
 */
public record DivergenceFigures(long pairs, double flipRate, double sqnrMeanDb, double cosineMean) {

    public static final DivergenceFigures NONE = new DivergenceFigures(0, 0, Double.POSITIVE_INFINITY, 1);

    public DivergenceFigures {
        if (pairs < 0) {
            throw new IllegalArgumentException("pairs must be >= 0: " + pairs);
        }
    }
}
