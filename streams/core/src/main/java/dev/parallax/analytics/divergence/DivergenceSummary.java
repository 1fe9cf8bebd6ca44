package dev.parallax.analytics.divergence;

/**
 * The figures of one divergence window or range, as the {@code divergence_windows} row carries them
 * (SPEC §11). Figures over pairs are {@code NaN} when there are none; KL figures are {@code NaN} when no pair
 * had a KL (embeddings).
 *
 * @param flipRate    1 − mean top-1 agreement
 * @param sqnrMeanDb  mean of per-pair SQNR clamped to ± the settings' cap
 * @param unmatched   candidates whose reference never arrived within the pairing horizon
 */
public record DivergenceSummary(long pairs, double flipRate, double klMean, double klP95, double cosineMin,
                                double cosineMean, double sqnrMeanDb, double maxAbsErrP99, long unmatched) {
}
