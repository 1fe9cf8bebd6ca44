package dev.parallax.analytics.divergence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.divergence.PairingOutcome.Paired;
import dev.parallax.analytics.divergence.PairingOutcome.Rejected;
import dev.parallax.analytics.divergence.PairingOutcome.Unmatched;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencePairingTest {

    private static final long HOUR = 3_600_000;
    /** No engine clock yet: a waiting candidate waits from its own event time. */
    private static final long NO_CLOCK = Long.MIN_VALUE;
    private static final float[] REFERENCE_LOGITS = {1, 2, 3};
    private static final float[] CANDIDATE_LOGITS = {1, 2, 2};

    private final DivergenceSettings settings = DivergenceSettings.defaults();

    private static OutputSample event(String id, long time, Precision precision, Tier tier, float... outputs) {
        return new OutputSample(id, time, "resnet50", "img-0042", precision, tier,
                tier == Tier.CLOUD ? "cloud-a10g" : "pi5-hailo8l", OutputKind.LOGITS, outputs);
    }

    private static Paired paired(List<PairingOutcome> outcomes) {
        assertEquals(1, outcomes.size(), outcomes::toString);
        return assertInstanceOf(Paired.class, outcomes.getFirst());
    }

    @Test
    void candidateAfterReferencePairsAtOnce() {
        ReferencePairing pairing = new ReferencePairing(settings);
        assertEquals(List.of(), pairing.onSample(event("ref", 0, Precision.FP32, Tier.CLOUD, REFERENCE_LOGITS), NO_CLOCK));
        DivergencePair pair = paired(pairing.onSample(
                event("int8", 5_000, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS), NO_CLOCK)).pair();

        assertEquals("resnet50", pair.modelName());
        assertEquals("img-0042", pair.inputId());
        assertEquals("ref", pair.referenceEventId());
        assertEquals("int8", pair.candidateEventId());
        assertEquals(Precision.FP32, pair.referencePrecision());
        assertEquals(Precision.INT8, pair.candidatePrecision());
        assertEquals("pi5-hailo8l", pair.deviceClass());
        assertEquals(5_000, pair.candidateEventTime());
        assertEquals(10 * Math.log10(14), pair.metrics().sqnrDb(), 1e-12);
        assertEquals(new DivergenceKey("resnet50", Precision.INT8, "pi5-hailo8l"), pair.windowKey());
    }

    @Test
    void earlyCandidateWaitsUpToTheHorizon() {
        ReferencePairing pairing = new ReferencePairing(settings);
        pairing.onSample(event("early", 0, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS), NO_CLOCK);
        pairing.onSample(event("too-early", -2 * HOUR, Precision.INT4, Tier.EDGE, CANDIDATE_LOGITS), NO_CLOCK);
        assertEquals(2, pairing.waitingCandidates());
        assertEquals(-2 * HOUR + 24 * HOUR + 1, pairing.nextExpiry());

        List<PairingOutcome> outcomes =
                pairing.onSample(event("ref", 23 * HOUR, Precision.FP32, Tier.CLOUD, REFERENCE_LOGITS), NO_CLOCK);
        assertEquals(2, outcomes.size());
        assertEquals("too-early", assertInstanceOf(Unmatched.class, outcomes.get(1)).candidate().eventId(),
                "25 h older than the reference");
        assertEquals("early", assertInstanceOf(Paired.class, outcomes.get(0)).pair().candidateEventId());
        assertEquals(0, pairing.waitingCandidates());
        assertEquals(Long.MAX_VALUE, pairing.nextExpiry());
    }

    @Test
    void withoutAnEngineClockACandidateWaitsFromItsEventTime() {
        ReferencePairing pairing = new ReferencePairing(settings);
        pairing.onSample(event("a", 0, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS), NO_CLOCK);
        pairing.onSample(event("b", HOUR, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS), NO_CLOCK);

        assertEquals(List.of(), pairing.expire(24 * HOUR), "exactly 24 h is still within the horizon");
        List<PairingOutcome> expired = pairing.expire(24 * HOUR + 1);
        assertEquals(1, expired.size());
        assertEquals("a", assertInstanceOf(Unmatched.class, expired.getFirst()).candidate().eventId());
        assertEquals(1, pairing.waitingCandidates());
    }

    @Test
    void aRunUploadedDaysLateWaitsForItsReferencesFromWhenItCame() {
        ReferencePairing pairing = new ReferencePairing(settings);
        long now = 30 * 24 * HOUR;
        long threeDaysAgo = now - 72 * HOUR;
        pairing.onSample(event("late-candidate", threeDaysAgo, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS), now);

        assertEquals(List.of(), pairing.expire(now + HOUR), "not unmatched for being old: it has just come");
        assertEquals(now + 24 * HOUR + 1, pairing.nextExpiry());
        DivergencePair pair = paired(pairing.onSample(
                event("late-reference", threeDaysAgo + 5, Precision.FP32, Tier.CLOUD, REFERENCE_LOGITS), now + HOUR)).pair();
        assertEquals("late-candidate", pair.candidateEventId());
    }

    @Test
    void aLateCandidateWhoseReferenceNeverComesIsUnmatchedAHorizonAfterItCame() {
        ReferencePairing pairing = new ReferencePairing(settings);
        long now = 30 * 24 * HOUR;
        pairing.onSample(event("late-candidate", now - 72 * HOUR, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS), now);

        assertEquals(List.of(), pairing.expire(now + 24 * HOUR));
        assertEquals("late-candidate", assertInstanceOf(Unmatched.class,
                pairing.expire(now + 24 * HOUR + 1).getFirst()).candidate().eventId());
        assertTrue(pairing.isEmpty());
    }

    @Test
    void aCandidateWaitingInTheFirstStateFormatWaitsFromItsEventTime() {
        ReferencePairing pairing = new ReferencePairing(settings);
        pairing.onSample(event("a", 5 * HOUR, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS), 40 * HOUR);
        byte[] version2 = pairing.toBytes();
        assertEquals(40 * HOUR + 24 * HOUR + 1, ReferencePairing.fromBytes(version2, settings).nextExpiry());

        // Format 1 was format 2 without the waiting start after each candidate (its last varlong here).
        byte[] version1 = Arrays.copyOf(version2, version2.length - varLongLength(40 * HOUR));
        version1[1] = 1;
        assertEquals(5 * HOUR + 24 * HOUR + 1, ReferencePairing.fromBytes(version1, settings).nextExpiry());
    }

    private static int varLongLength(long value) {
        long zigZag = (value << 1) ^ (value >> 63);
        int length = 1;
        while ((zigZag >>>= 7) != 0) length++;
        return length;
    }

    @Test
    void fp16ServesUntilAnFp32ReferenceArrives() {
        ReferencePairing pairing = new ReferencePairing(settings);
        pairing.onSample(event("fp16-ref", 0, Precision.FP16, Tier.CLOUD, REFERENCE_LOGITS), NO_CLOCK);
        assertEquals("fp16-ref", paired(pairing.onSample(
                event("int8", 1, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS), NO_CLOCK)).pair().referenceEventId());

        assertEquals(List.of(), pairing.onSample(event("fp32-ref", 2, Precision.FP32, Tier.CLOUD, REFERENCE_LOGITS), NO_CLOCK));
        DivergencePair fp16Candidate = paired(pairing.onSample(
                event("fp16-edge", 3, Precision.FP16, Tier.EDGE, CANDIDATE_LOGITS), NO_CLOCK)).pair();
        assertEquals("fp32-ref", fp16Candidate.referenceEventId());
        assertEquals(Precision.FP16, fp16Candidate.candidatePrecision());
    }

    @Test
    void cloudReferenceIsPreferredAndTheLatestWins() {
        ReferencePairing pairing = new ReferencePairing(settings);
        pairing.onSample(event("edge-fp32", 0, Precision.FP32, Tier.EDGE, REFERENCE_LOGITS), NO_CLOCK);
        pairing.onSample(event("cloud-old", 10, Precision.FP32, Tier.CLOUD, REFERENCE_LOGITS), NO_CLOCK);
        pairing.onSample(event("cloud-new", 20, Precision.FP32, Tier.CLOUD, REFERENCE_LOGITS), NO_CLOCK);
        assertEquals(List.of(), pairing.onSample(event("cloud-late", 15, Precision.FP32, Tier.CLOUD,
                REFERENCE_LOGITS), NO_CLOCK), "an older event of the same rank does not replace");
        assertEquals(List.of(), pairing.onSample(event("edge-new", 30, Precision.FP32, Tier.EDGE, REFERENCE_LOGITS), NO_CLOCK),
                "same precision as the reference, lower rank: takes no part");

        assertEquals("cloud-new", paired(pairing.onSample(
                event("int8", 40, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS), NO_CLOCK)).pair().referenceEventId());
    }

    @Test
    void rejectsBadOutputsWithTheReason() {
        ReferencePairing pairing = new ReferencePairing(settings);
        Rejected nan = assertInstanceOf(Rejected.class, pairing.onSample(
                event("nan", 0, Precision.INT8, Tier.EDGE, 1, Float.NaN), NO_CLOCK).getFirst());
        assertEquals("non-finite output NaN at index 1", nan.reason());
        assertNull(nan.counterpartEventId());
        assertEquals("empty outputs", assertInstanceOf(Rejected.class,
                pairing.onSample(event("empty", 0, Precision.FP32, Tier.CLOUD), NO_CLOCK).getFirst()).reason());
        assertTrue(pairing.isEmpty(), "rejected events are kept nowhere");

        pairing.onSample(event("ref", 0, Precision.FP32, Tier.CLOUD, REFERENCE_LOGITS), NO_CLOCK);
        Rejected mismatch = assertInstanceOf(Rejected.class, pairing.onSample(
                event("short", 1, Precision.INT8, Tier.EDGE, 1, 2), NO_CLOCK).getFirst());
        assertEquals("length mismatch: reference has 3 outputs, candidate 2", mismatch.reason());
        assertEquals("ref", mismatch.counterpartEventId());

        OutputSample probabilities = new OutputSample("probs", 2, "resnet50", "img-0042", Precision.INT8,
                Tier.EDGE, "pi5-hailo8l", OutputKind.PROBABILITIES, new float[] {0.2f, 0.3f, 0.5f});
        assertEquals("output kind mismatch: reference LOGITS, candidate PROBABILITIES",
                assertInstanceOf(Rejected.class, pairing.onSample(probabilities, NO_CLOCK).getFirst()).reason());
    }

    @Test
    void stateRoundTripsAndReplaysIdentically() {
        List<OutputSample> events = List.of(
                event("c1", 0, Precision.INT8, Tier.EDGE, CANDIDATE_LOGITS),
                event("c2", 10, Precision.BF16, Tier.EDGE, 1.5f, 2, 2.5f),
                event("r", 20, Precision.FP32, Tier.CLOUD, REFERENCE_LOGITS),
                event("c3", 30, Precision.INT4, Tier.EDGE, 3, 2, 1));

        ReferencePairing uninterrupted = new ReferencePairing(settings);
        List<PairingOutcome> expected = new ArrayList<>();
        events.forEach(e -> expected.addAll(uninterrupted.onSample(e, NO_CLOCK)));

        ReferencePairing first = new ReferencePairing(settings);
        List<PairingOutcome> actual = new ArrayList<>();
        events.subList(0, 2).forEach(e -> actual.addAll(first.onSample(e, NO_CLOCK)));
        ReferencePairing restored = ReferencePairing.fromBytes(first.toBytes(), settings);
        assertEquals(2, restored.waitingCandidates());
        assertFalse(restored.hasReference());
        events.subList(2, 4).forEach(e -> actual.addAll(restored.onSample(e, NO_CLOCK)));

        assertEquals(3, expected.size());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(((Paired) expected.get(i)).pair(), ((Paired) actual.get(i)).pair());
        }
        assertArrayEquals(uninterrupted.toBytes(), restored.toBytes());

        byte[] bytes = uninterrupted.toBytes();
        assertThrows(StateFormatException.class,
                () -> ReferencePairing.fromBytes(Arrays.copyOf(bytes, bytes.length - 1), settings));
    }
}
