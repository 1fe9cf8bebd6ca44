package dev.parallax.analytics.divergence;

import java.util.Optional;

/**
 * What a pairing outcome adds to the divergence windows (SPEC §5): a window holding just that pair, or just
 * that unmatched candidate, for the window of the candidate's event time, so window operators only merge.
 *
 * @param key                the window's key: the candidate's model, precision and device class
 * @param candidateEventTime picks the window
 */
public record DivergenceContribution(DivergenceKey key, long candidateEventTime, DivergenceWindow window) {

    /** The contribution of {@code outcome}; none for a rejection, which is a dead letter instead. */
    public static Optional<DivergenceContribution> of(PairingOutcome outcome, DivergenceSettings settings) {
        return switch (outcome) {
            case PairingOutcome.Paired(var pair) -> Optional.of(new DivergenceContribution(pair.windowKey(),
                    pair.candidateEventTime(), settings.newWindow().add(pair.metrics())));
            case PairingOutcome.Unmatched(var candidate) -> Optional.of(new DivergenceContribution(
                    new DivergenceKey(candidate.modelName(), candidate.precision(), candidate.deviceClass()),
                    candidate.eventTime(), settings.newWindow().addUnmatched()));
            case PairingOutcome.Rejected rejected -> Optional.empty();
        };
    }
}
