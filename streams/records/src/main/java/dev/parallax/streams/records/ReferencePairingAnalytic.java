package dev.parallax.streams.records;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.OutputSample.PairingKey;
import dev.parallax.analytics.divergence.PairingOutcome;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import dev.parallax.streams.records.AttributedPairing.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantized-vs-reference pairing (SPEC §5): one {@link AttributedPairing} per (model name, input id). Pairs go
 * to the divergence topic, rejections to the dead letters; every outcome is also a contribution to its
 * divergence window, which the engines route to {@link DivergenceWindowAnalytic}.
 *
 * <p><b>Expiry.</b> A candidate still waiting when the engine's event-time clock has moved the pairing horizon
 * past the clock it came at (or its own event time, if later) is unmatched: a run uploaded days late waits for
 * its references as long as a live one. Before a key takes a new input it is expired at the current clock too,
 * so the outcome does not depend on when the engine visits expired keys.
 */
public final class ReferencePairingAnalytic implements KeyedStateAnalytic<OutputEvent, PairingKey, AttributedPairing, Outcome> {

    private final DivergenceSettings settings;

    public ReferencePairingAnalytic(DivergenceSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "divergence-pairing";
    }

    @Override
    public StateCodec<PairingKey> keyCodec() {
        return PairingKey.CODEC;
    }

    @Override
    public StateCodec<AttributedPairing> stateCodec() {
        return StateCodec.of(AttributedPairing::toBytes, bytes -> AttributedPairing.fromBytes(bytes, settings));
    }

    @Override
    public PairingKey key(OutputEvent event) {
        return event.sample().pairingKey();
    }

    @Override
    public long eventTime(OutputEvent event) {
        return event.sample().eventTime();
    }

    @Override
    public AttributedPairing emptyState() {
        return new AttributedPairing(settings);
    }

    @Override
    public boolean expires() {
        return true;
    }

    @Override
    public List<Outcome> onInput(AttributedPairing pairing, OutputEvent event, long clock) {
        List<Outcome> outcomes = new ArrayList<>(pairing.expire(clock));
        outcomes.addAll(pairing.onSample(event.sample(), event.testRun(), clock));
        return outcomes;
    }

    @Override
    public long nextExpiry(AttributedPairing pairing) {
        return pairing.nextExpiry();
    }

    @Override
    public List<Outcome> expire(AttributedPairing pairing, long clock) {
        return pairing.expire(clock);
    }

    @Override
    public boolean isEmpty(AttributedPairing pairing) {
        return pairing.isEmpty();
    }

    @Override
    public List<DerivedRecord> records(Outcome outcome) {
        return switch (outcome.outcome()) {
            case PairingOutcome.Paired(var pair) -> List.of(new DerivedRecord(Topics.DIVERGENCE,
                    DerivedRecords.divergencePairKey(pair), DerivedRecords.divergencePair(pair, outcome.testRun())));
            case PairingOutcome.Unmatched unmatched -> List.of();
            case PairingOutcome.Rejected rejected -> {
                DeadLetter letter = DerivedRecords.divergenceDeadLetter(rejected);
                yield List.of(new DerivedRecord(Topics.DEAD_LETTER, letter.deadLetterId(), letter.toJson()));
            }
        };
    }
}
