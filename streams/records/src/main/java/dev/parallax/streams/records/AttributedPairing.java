package dev.parallax.streams.records;

import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.OutputSample;
import dev.parallax.analytics.divergence.PairingOutcome;
import dev.parallax.analytics.divergence.ReferencePairing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link ReferencePairing} that also remembers the {@link TestRun} of each candidate while it waits for its
 * reference, so every outcome can name the candidate's test and run however late it is decided. Same keying,
 * same rules and same determinism as the pairing it wraps; the state stays one value per (model, input id).
 */
public final class AttributedPairing {

    /** A pairing outcome with the test and run of the event it is about. */
    public record Outcome(PairingOutcome outcome, TestRun testRun) {
    }

    private static final int FORMAT_TAG = 0x41;
    private static final int VERSION = 1;

    private final ReferencePairing pairing;
    /** Test and run of the waiting candidates, by event id. */
    private final Map<String, TestRun> waiting;

    public AttributedPairing(DivergenceSettings settings) {
        this(new ReferencePairing(settings), new TreeMap<>());
    }

    private AttributedPairing(ReferencePairing pairing, Map<String, TestRun> waiting) {
        this.pairing = pairing;
        this.waiting = waiting;
    }

    /** @param clock the engine's event-time clock as the sample comes (see {@link ReferencePairing#onSample}) */
    public List<Outcome> onSample(OutputSample sample, TestRun testRun, long clock) {
        int waitingBefore = pairing.waitingCandidates();
        List<PairingOutcome> outcomes = pairing.onSample(sample, clock);
        if (outcomes.isEmpty() && pairing.waitingCandidates() > waitingBefore) {
            waiting.put(sample.eventId(), testRun);
            return List.of();
        }
        return attribute(outcomes, sample.eventId(), testRun);
    }

    public List<Outcome> expire(long clock) {
        return attribute(pairing.expire(clock), null, null);
    }

    /**
     * The outcomes with their test and run: the arriving event's own, or the one remembered for a candidate
     * that waited. A candidate delivered twice waits twice under one id; both copies are decided in the same
     * call (at once when the reference comes, together at the horizon), so the id is forgotten afterwards.
     */
    private List<Outcome> attribute(List<PairingOutcome> outcomes, String arrivingId, TestRun arriving) {
        List<Outcome> attributed = new ArrayList<>(outcomes.size());
        Set<String> decided = new HashSet<>();
        for (PairingOutcome outcome : outcomes) {
            String eventId = switch (outcome) {
                case PairingOutcome.Paired paired -> paired.pair().candidateEventId();
                case PairingOutcome.Unmatched unmatched -> unmatched.candidate().eventId();
                case PairingOutcome.Rejected rejected -> rejected.event().eventId();
            };
            TestRun testRun = eventId.equals(arrivingId) ? arriving : waiting.get(eventId);
            if (testRun == null) {
                throw new IllegalStateException("no test and run remembered for candidate " + eventId);
            }
            attributed.add(new Outcome(outcome, testRun));
            decided.add(eventId);
        }
        waiting.keySet().removeAll(decided);
        return attributed;
    }

    /** Clock after which {@link #expire} has something to report; {@link Long#MAX_VALUE} when nothing waits. */
    public long nextExpiry() {
        return pairing.nextExpiry();
    }

    /** Whether the state holds nothing (engines may then delete it). */
    public boolean isEmpty() {
        return pairing.isEmpty();
    }

    public int waitingCandidates() {
        return pairing.waitingCandidates();
    }

    public byte[] toBytes() {
        StateWriter out = new StateWriter(FORMAT_TAG, VERSION).writeBytes(pairing.toBytes())
                .writeVarLong(waiting.size());
        waiting.forEach((eventId, testRun) ->
                out.writeString(eventId).writeString(testRun.testId()).writeString(testRun.runId()));
        return out.toByteArray();
    }

    /**
     * Restores the state; the settings are configuration, not state, and must be supplied again.
     *
     * @throws StateFormatException when the bytes are not a valid encoding
     */
    public static AttributedPairing fromBytes(byte[] bytes, DivergenceSettings settings) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "attributed pairing");
        ReferencePairing pairing = ReferencePairing.fromBytes(in.readBytes(), settings);
        Map<String, TestRun> waiting = new TreeMap<>();
        for (int i = in.readLength(); i > 0; i--) {
            waiting.put(in.readString(), new TestRun(in.readString(), in.readString()));
        }
        in.expectEnd();
        return new AttributedPairing(pairing, waiting);
    }
}
