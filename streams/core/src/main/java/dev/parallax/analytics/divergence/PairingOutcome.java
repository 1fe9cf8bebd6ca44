package dev.parallax.analytics.divergence;

/** What {@link ReferencePairing} reports for an event. */
public sealed interface PairingOutcome {

    /** A candidate met its reference: write the pair row and add its metrics to the candidate's window. */
    record Paired(DivergencePair pair) implements PairingOutcome {
    }

    /**
     * A candidate whose reference did not arrive within the pairing horizon: count it as unmatched in the
     * window of its event time.
     */
    record Unmatched(OutputSample candidate) implements PairingOutcome {
    }

    /**
     * An event that cannot be compared: dead-letter it with the reason.
     *
     * @param counterpartEventId the other event of the attempted pair, {@code null} when the event was rejected
     *                           on its own (empty or non-finite outputs)
     */
    record Rejected(OutputSample event, String reason, String counterpartEventId) implements PairingOutcome {
    }
}
