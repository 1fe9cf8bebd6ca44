package dev.parallax.analytics.divergence;

import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.divergence.Comparison.Rejection;
import dev.parallax.analytics.divergence.PairingOutcome.Paired;
import dev.parallax.analytics.divergence.PairingOutcome.Rejected;
import dev.parallax.analytics.divergence.PairingOutcome.Unmatched;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The pairing state machine of one {@link OutputSample.PairingKey} (model name, input id), SPEC §5. Key the
 * stream by that key and keep one instance per key.
 *
 * <p><b>Reference.</b> An event whose precision is a reference precision becomes the reference when there is
 * none yet, when it ranks better (an earlier reference precision; within one, the preferred tier), or when it
 * ranks the same and is not older (the latest wins). An event of the reference's own precision that does not
 * replace it takes no part.
 *
 * <p><b>Candidates.</b> Any other event is a candidate: paired with the current reference at once, or, while
 * there is none, kept waiting. When a reference arrives, waiting candidates up to the pairing horizon older
 * than it (in event time) are paired; older ones are reported unmatched.
 *
 * <p><b>Expiry</b> (SPEC §5: the reference may arrive up to the horizon after its candidate). A candidate waits
 * from the engine's clock when it came, or its own event time if that is later: {@link #expire(long)} reports
 * it unmatched once that clock has moved the horizon past. So a run uploaded days late, still within the
 * arrival horizon of SPEC §3a, waits as long as a live one for its references, instead of being unmatched at
 * once because its event times are old. Call it with an event-time clock (the largest event time seen, a
 * watermark), never wall-clock time, so that a replay produces the same outcomes.
 *
 * <p>Events with empty or non-finite outputs are rejected on arrival and kept nowhere.
 */
public final class ReferencePairing {

    private static final int FORMAT_TAG = 0x50;
    /** Version 2 holds each waiting candidate's waiting start; version 1, still read, waited from its event time. */
    private static final int VERSION = 2;

    private final DivergenceSettings settings;
    private OutputSample reference;
    /** Candidates waiting for a reference, in arrival order. */
    private final List<Waiting> waiting = new ArrayList<>();

    /** A candidate waiting for its reference since the engine's clock said {@code since}. */
    private record Waiting(OutputSample candidate, long since) {
    }

    public ReferencePairing(DivergenceSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /**
     * Takes the next event of this key.
     *
     * @param clock the engine's event-time clock as the event comes ({@link Long#MIN_VALUE} before any): a
     *              candidate left waiting waits from it, or from its own event time if that is later
     */
    public List<PairingOutcome> onSample(OutputSample event, long clock) {
        String problem = OutputComparator.problem(event.outputs());
        if (problem != null) {
            return List.of(new Rejected(event, problem, null));
        }
        int rank = settings.referenceRank(event);
        if (rank >= 0 && replacesReference(event, rank)) {
            reference = event;
            return pairWaiting();
        }
        if (reference == null) {
            waiting.add(new Waiting(event, Math.max(clock, event.eventTime())));
            return List.of();
        }
        if (event.precision() == reference.precision()) {
            return List.of();
        }
        return List.of(pair(event));
    }

    private boolean replacesReference(OutputSample event, int rank) {
        if (reference == null) {
            return true;
        }
        int current = settings.referenceRank(reference);
        return rank < current || rank == current && event.eventTime() >= reference.eventTime();
    }

    private List<PairingOutcome> pairWaiting() {
        List<PairingOutcome> outcomes = new ArrayList<>();
        List<Waiting> stillWaiting = new ArrayList<>();
        for (Waiting entry : waiting) {
            OutputSample candidate = entry.candidate();
            if (reference.eventTime() - candidate.eventTime() > settings.pairingHorizonMs()) {
                outcomes.add(new Unmatched(candidate));
            } else if (candidate.precision() == reference.precision()) {
                stillWaiting.add(entry);
            } else {
                outcomes.add(pair(candidate));
            }
        }
        waiting.clear();
        waiting.addAll(stillWaiting);
        return outcomes;
    }

    private PairingOutcome pair(OutputSample candidate) {
        if (candidate.outputKind() != reference.outputKind()) {
            return new Rejected(candidate, "output kind mismatch: reference " + reference.outputKind()
                    + ", candidate " + candidate.outputKind(), reference.eventId());
        }
        Comparison comparison = settings.comparator()
                .compare(reference.outputs(), candidate.outputs(), candidate.outputKind());
        return switch (comparison) {
            case PairMetrics metrics -> new Paired(new DivergencePair(candidate.modelName(), candidate.inputId(),
                    reference.eventId(), candidate.eventId(), reference.precision(), candidate.precision(),
                    candidate.deviceClass(), candidate.eventTime(), metrics));
            case Rejection rejection -> new Rejected(candidate, rejection.reason(), reference.eventId());
        };
    }

    /**
     * Reports, and forgets, candidates that have waited longer than the pairing horizon at this clock; none
     * before there is a clock ({@link Long#MIN_VALUE}).
     */
    public List<PairingOutcome> expire(long clock) {
        List<PairingOutcome> outcomes = new ArrayList<>();
        if (clock == Long.MIN_VALUE) return outcomes;
        waiting.removeIf(entry -> {
            boolean expired = clock - entry.since() > settings.pairingHorizonMs();
            if (expired) {
                outcomes.add(new Unmatched(entry.candidate()));
            }
            return expired;
        });
        return outcomes;
    }

    /** Clock after which {@link #expire} has something to report; {@link Long#MAX_VALUE} when nothing waits. */
    public long nextExpiry() {
        return waiting.stream().mapToLong(entry -> entry.since() + settings.pairingHorizonMs() + 1).min()
                .orElse(Long.MAX_VALUE);
    }

    /** Whether the state holds nothing (engines may then delete it). */
    public boolean isEmpty() {
        return reference == null && waiting.isEmpty();
    }

    public boolean hasReference() {
        return reference != null;
    }

    public int waitingCandidates() {
        return waiting.size();
    }

    public byte[] toBytes() {
        StateWriter out = new StateWriter(FORMAT_TAG, VERSION).writeBoolean(reference != null);
        if (reference != null) {
            writeSample(out, reference);
        }
        out.writeVarLong(waiting.size());
        waiting.forEach(entry -> {
            writeSample(out, entry.candidate());
            out.writeSignedVarLong(entry.since());
        });
        return out.toByteArray();
    }

    /**
     * Restores a pairing state; the settings are configuration, not state, and must be supplied again.
     *
     * @throws StateFormatException when the bytes are not a valid encoding
     */
    public static ReferencePairing fromBytes(byte[] bytes, DivergenceSettings settings) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "reference pairing");
        ReferencePairing pairing = new ReferencePairing(settings);
        pairing.reference = in.readBoolean() ? readSample(in) : null;
        for (int i = in.readLength(); i > 0; i--) {
            OutputSample candidate = readSample(in);
            pairing.waiting.add(new Waiting(candidate, in.version() == 1 ? candidate.eventTime() : in.readSignedVarLong()));
        }
        in.expectEnd();
        return pairing;
    }

    private static void writeSample(StateWriter out, OutputSample sample) {
        out.writeString(sample.eventId()).writeSignedVarLong(sample.eventTime()).writeString(sample.modelName())
                .writeString(sample.inputId()).writeString(sample.precision().name())
                .writeString(sample.tier().name()).writeString(sample.deviceClass())
                .writeString(sample.outputKind().name()).writeFloats(sample.outputs());
    }

    private static OutputSample readSample(StateReader in) {
        try {
            return new OutputSample(in.readString(), in.readSignedVarLong(), in.readString(), in.readString(),
                    Precision.valueOf(in.readString()), Tier.valueOf(in.readString()), in.readString(),
                    OutputKind.valueOf(in.readString()), in.readFloats());
        } catch (IllegalArgumentException e) {
            if (e instanceof StateFormatException formatException) {
                throw formatException;
            }
            throw new StateFormatException("reference pairing: invalid sample: " + e.getMessage());
        }
    }
}
