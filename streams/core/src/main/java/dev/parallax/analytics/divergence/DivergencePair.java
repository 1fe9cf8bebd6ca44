package dev.parallax.analytics.divergence;

import dev.parallax.analytics.Precision;

/**
 * One matched pair, as the {@code divergence_pairs} row carries it (SPEC §11). Windows are by
 * {@code candidateEventTime}; the device class is the candidate's.
 */
public record DivergencePair(String modelName, String inputId, String referenceEventId, String candidateEventId,
                             Precision referencePrecision, Precision candidatePrecision, String deviceClass,
                             long candidateEventTime, PairMetrics metrics) {

    /** The window series this pair belongs to. */
    public DivergenceKey windowKey() {
        return new DivergenceKey(modelName, candidatePrecision, deviceClass);
    }
}
