package dev.parallax.streams.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.OutputSample;
import dev.parallax.analytics.divergence.PairingOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributedPairingTest {

    private static final DivergenceSettings SETTINGS = DivergenceSettings.defaults();
    private static final long HORIZON = SETTINGS.pairingHorizonMs();

    private static OutputSample sample(String id, long time, Precision precision, float... outputs) {
        return new OutputSample(id, time, "resnet50", "img-1", precision,
                precision == Precision.FP32 ? Tier.CLOUD : Tier.EDGE, "pi5-hailo8l", OutputKind.LOGITS, outputs);
    }

    @Test
    void waitingCandidatesKeepTheirTestAndRunAcrossARestoreUntilPaired() {
        AttributedPairing pairing = new AttributedPairing(SETTINGS);
        assertTrue(pairing.onSample(sample("a", 1_000, Precision.INT8, 1, 2), new TestRun("t-a", "r-a"), Long.MIN_VALUE).isEmpty());
        assertTrue(pairing.onSample(sample("b", 2_000, Precision.INT4, 1, 2), new TestRun("t-b", "r-b"), Long.MIN_VALUE).isEmpty());

        AttributedPairing restored = AttributedPairing.fromBytes(pairing.toBytes(), SETTINGS);
        assertArrayEquals(pairing.toBytes(), restored.toBytes());
        List<AttributedPairing.Outcome> outcomes =
                restored.onSample(sample("ref", 3_000, Precision.FP32, 1, 2), new TestRun("t-ref", "r-ref"), Long.MIN_VALUE);

        assertEquals(2, outcomes.size());
        assertEquals(new TestRun("t-a", "r-a"), outcomes.get(0).testRun());
        assertEquals(new TestRun("t-b", "r-b"), outcomes.get(1).testRun());
        assertInstanceOf(PairingOutcome.Paired.class, outcomes.get(0).outcome());
        assertEquals(0, restored.waitingCandidates());
        // Nothing of the candidates is left behind once they are decided.
        AttributedPairing referenceOnly = new AttributedPairing(SETTINGS);
        referenceOnly.onSample(sample("ref", 3_000, Precision.FP32, 1, 2), new TestRun("t-ref", "r-ref"), Long.MIN_VALUE);
        assertArrayEquals(referenceOnly.toBytes(), restored.toBytes());
    }

    @Test
    void anArrivingCandidateIsAttributedToItsOwnTestAndRun() {
        AttributedPairing pairing = new AttributedPairing(SETTINGS);
        pairing.onSample(sample("ref", 0, Precision.FP32, 1, 2), new TestRun("t-ref", "r-ref"), Long.MIN_VALUE);
        List<AttributedPairing.Outcome> paired = pairing.onSample(sample("c", 10, Precision.INT8, 2, 1), new TestRun("t-c", "r-c"), Long.MIN_VALUE);
        assertEquals(new TestRun("t-c", "r-c"), paired.getFirst().testRun());
        List<AttributedPairing.Outcome> rejected = pairing.onSample(sample("e", 20, Precision.INT8), new TestRun("t-e", "r-e"), Long.MIN_VALUE);
        assertInstanceOf(PairingOutcome.Rejected.class, rejected.getFirst().outcome());
        assertEquals(new TestRun("t-e", "r-e"), rejected.getFirst().testRun());
    }

    @Test
    void aCandidateDeliveredTwiceIsDecidedTwiceWithItsTestAndRun() {
        AttributedPairing pairing = new AttributedPairing(SETTINGS);
        TestRun run = new TestRun("t", "r");
        pairing.onSample(sample("dup", 0, Precision.INT8, 1, 2), run, Long.MIN_VALUE);
        pairing.onSample(sample("dup", 0, Precision.INT8, 1, 2), run, Long.MIN_VALUE);

        assertTrue(pairing.expire(HORIZON).isEmpty(), "at exactly the horizon it still waits");
        List<AttributedPairing.Outcome> unmatched = pairing.expire(HORIZON + 1);
        assertEquals(2, unmatched.size());
        unmatched.forEach(outcome -> {
            assertInstanceOf(PairingOutcome.Unmatched.class, outcome.outcome());
            assertEquals(run, outcome.testRun());
        });
        assertTrue(pairing.isEmpty());
    }
}
