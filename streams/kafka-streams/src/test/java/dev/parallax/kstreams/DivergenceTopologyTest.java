package dev.parallax.kstreams;

import static dev.parallax.kstreams.TestEvents.T0;
import static dev.parallax.kstreams.TestEvents.id;
import static dev.parallax.kstreams.TestEvents.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Tier;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Quantized-vs-reference divergence through the topology (SPEC §5, default settings): FP32 cloud references,
 * INT8 edge candidates of model resnet50 with logits.
 */
class DivergenceTopologyTest {

    private static final float[] REFERENCE = {1, 2, 3, 4};
    private static final long HORIZON = Duration.ofHours(24).toMillis();

    private final DrivenTopology topology = new DrivenTopology(AnalyticsSettings.defaults());

    @AfterEach
    void stop() {
        topology.close();
    }

    private void reference(String name, long time, String inputId) {
        topology.send(output(name, time, Precision.FP32, Tier.CLOUD, inputId, REFERENCE).build());
    }

    private void candidate(String name, long time, String inputId, float... outputs) {
        topology.send(output(name, time, Precision.INT8, Tier.EDGE, inputId, outputs).build());
    }

    private List<JsonNode> rows(String kind) {
        return topology.read(Topics.DIVERGENCE).stream().map(kv -> kv.value)
                .filter(row -> row.get("kind").asText().equals(kind)).toList();
    }

    @Test
    void pairCarriesItsMetricsAndItsCandidatesTestAndRun() {
        reference("ref-1", T0, "img-1");
        candidate("cand-1", T0 + 1_000, "img-1", 1, 2, 3, 5);

        List<KeyValue<String, JsonNode>> records = topology.read(Topics.DIVERGENCE);
        assertEquals(1, records.size(), "a pair is written at once, no window before the emission tick");
        JsonNode pair = records.getFirst().value;
        assertEquals("pair|resnet50|img-1|" + id("cand-1"), records.getFirst().key);
        assertEquals("pair", pair.get("kind").asText());
        assertEquals("resnet50", pair.get("model_name").asText());
        assertEquals("img-1", pair.get("input_id").asText());
        assertEquals(id("cand-1"), pair.get("candidate_event_id").asText());
        assertEquals(T0 + 1_000, pair.get("candidate_event_time").asLong());
        assertEquals(id("ref-1"), pair.get("reference_event_id").asText());
        assertEquals("FP32", pair.get("reference_precision").asText());
        assertEquals("INT8", pair.get("candidate_precision").asText());
        assertEquals("pi5-hailo8l", pair.get("device_class").asText());
        assertEquals("resnet-parity", pair.get("test_id").asText());
        assertEquals("run-1", pair.get("run_id").asText());
        assertEquals(1, pair.get("top1_agree").asInt());
        assertEquals(1.0, pair.get("top5_overlap").asDouble(), 1e-12, "k = 4: all four positions overlap");
        assertEquals(34 / Math.sqrt(30 * 39), pair.get("cosine").asDouble(), 1e-6);
        assertEquals(1.0, pair.get("max_abs_err").asDouble(), 1e-12);
        assertEquals(0.25, pair.get("mean_abs_err").asDouble(), 1e-12);
        assertEquals(10 * Math.log10(30.0 / 1), pair.get("sqnr_db").asDouble(), 1e-6);
        assertEquals(klOfSoftmaxes(REFERENCE, new float[] {1, 2, 3, 5}), pair.get("kl").asDouble(), 1e-6);
        assertEquals(1, pair.get("version").asLong());
    }

    @Test
    void candidateBeforeItsReferenceIsPairedWhenTheReferenceArrives() {
        candidate("cand-2", T0 + 2_000, "img-2", 4, 3, 2, 1);
        topology.tick();
        assertTrue(topology.read(Topics.DIVERGENCE).isEmpty(), "the candidate waits: no pair, no window yet");

        // The reference is 20 h younger than the candidate: within the 24 h horizon.
        reference("ref-2", T0 + Duration.ofHours(20).toMillis(), "img-2");
        List<JsonNode> pairs = rows("pair");
        assertEquals(1, pairs.size());
        assertEquals(id("cand-2"), pairs.getFirst().get("candidate_event_id").asText());
        assertEquals(id("ref-2"), pairs.getFirst().get("reference_event_id").asText());
        assertEquals(0, pairs.getFirst().get("top1_agree").asInt(), "argmax 0 against argmax 3");
        assertEquals(20.0 / 30, pairs.getFirst().get("cosine").asDouble(), 1e-6);
        assertEquals("resnet-parity", pairs.getFirst().get("test_id").asText(), "remembered while it waited");

        topology.tick();
        JsonNode window = rows("window").getLast();
        assertEquals(T0, window.get("window_start").asLong(), "the window of the candidate's event time");
        assertEquals(1, window.get("pairs").asLong());
    }

    @Test
    void candidateWithoutReferenceIsUnmatchedOnceTheWatermarkPassesTheHorizon() {
        candidate("cand-3", T0 + 4_000, "img-3", 1, 2, 3, 4);
        // Other golden samples move the pairing's watermark; at exactly the horizon the candidate still waits.
        reference("ref-8", T0 + 4_000 + HORIZON, "img-8");
        topology.tick();
        assertTrue(rows("window").isEmpty(), "not unmatched before the horizon has passed");

        reference("ref-9", T0 + 4_001 + HORIZON, "img-9");
        topology.tick();
        List<JsonNode> windows = rows("window");
        assertEquals(1, windows.size());
        JsonNode window = windows.getFirst();
        assertEquals(T0, window.get("window_start").asLong());
        assertEquals(T0 + 300_000, window.get("window_end").asLong());
        assertEquals(0, window.get("pairs").asLong());
        assertEquals(1, window.get("unmatched").asLong());
        assertTrue(window.get("flip_rate").isNull(), "no pairs, no statistics: " + window);
        assertTrue(window.get("cosine_mean").isNull());

        // A reference for the expired candidate's input now finds nobody waiting.
        reference("ref-3", T0 + 4_002 + HORIZON, "img-3");
        assertTrue(rows("pair").isEmpty());
    }

    @Test
    void aRunUploadedThreeDaysLateStillPairsItsCandidatesWithTheirReferences() {
        // Live traffic has moved the pairing's watermark three days past the uploaded run's event times.
        long now = T0 + Duration.ofDays(3).toMillis();
        reference("live-ref", now, "img-live");
        candidate("late-cand", T0 + 1_000, "img-late", 1, 2, 3, 5);
        topology.tick();
        assertTrue(rows("window").isEmpty(), "the late candidate waits, it is not unmatched for being old");

        reference("late-ref", T0 + 2_000, "img-late");
        List<JsonNode> pairs = rows("pair");
        assertEquals(1, pairs.size());
        assertEquals(id("late-cand"), pairs.getFirst().get("candidate_event_id").asText());
        topology.tick();
        JsonNode window = rows("window").getLast();
        assertEquals(T0, window.get("window_start").asLong(), "counted in the window of its own event time");
        assertEquals(1, window.get("pairs").asLong());
        assertEquals(0, window.get("unmatched").asLong());
    }

    @Test
    void incomparableOutputsBecomeDeadLettersWithTheirReason() {
        reference("ref-1", T0, "img-1");
        candidate("short", T0 + 1_000, "img-1", 1, 2, 3);
        candidate("nan", T0 + 2_000, "img-4", 1, Float.NaN, 3);
        candidate("empty", T0 + 3_000, "img-5");

        List<DeadLetter> letters = topology.deadLetters();
        assertEquals(3, letters.size(), letters.toString());
        DeadLetter mismatch = letters.get(0);
        assertEquals("divergence/" + id("short") + "/" + id("ref-1"), mismatch.deadLetterId());
        assertTrue(mismatch.reason().contains("length mismatch"), mismatch.reason());
        assertEquals(T0 + 1_000, mismatch.receivedAt());
        assertEquals(Topics.INFERENCE, mismatch.topic());
        JsonNode raw = DrivenTopology.json(mismatch.raw());
        assertEquals(id("short"), raw.get("event_id").asText());
        assertEquals(3, raw.get("outputs").size());
        assertEquals(id("ref-1"), raw.get("counterpart_event_id").asText());

        assertEquals("divergence/" + id("nan"), letters.get(1).deadLetterId(), "refused on its own: no counterpart");
        assertTrue(letters.get(1).reason().contains("non-finite output NaN at index 1"), letters.get(1).reason());
        assertEquals("divergence/" + id("empty"), letters.get(2).deadLetterId());
        assertTrue(letters.get(2).reason().contains("empty outputs"), letters.get(2).reason());

        topology.tick();
        assertTrue(topology.read(Topics.DIVERGENCE).isEmpty(), "rejections are neither pairs nor unmatched");
    }

    @Test
    void windowHoldsPairsFlipRateAndUnmatchedCandidatesOfItsFiveMinutes() {
        reference("ref-1", T0, "img-1");
        candidate("cand-1", T0 + 1_000, "img-1", 1, 2, 3, 5);
        candidate("cand-2", T0 + 2_000, "img-2", 4, 3, 2, 1);
        candidate("cand-3", T0 + 4_000, "img-3", 1, 2, 3, 4);
        reference("ref-2", T0 + 3_000, "img-2");
        candidate("next-window", T0 + 300_000, "img-1", 1, 2, 3, 4);
        topology.tick();
        List<JsonNode> firstTick = topology.read(Topics.DIVERGENCE).stream().map(kv -> kv.value).toList();
        List<JsonNode> pairs = firstTick.stream().filter(row -> row.get("kind").asText().equals("pair")).toList();
        assertEquals(3, pairs.size());

        reference("ref-9", T0 + 4_001 + HORIZON, "img-9");
        topology.tick();
        List<JsonNode> windows = Stream.concat(firstTick.stream(), rows("window").stream())
                .filter(row -> row.get("kind").asText().equals("window"))
                .sorted(Comparator.comparingLong((JsonNode row) -> row.get("version").asLong())).toList();
        JsonNode first = windows.stream().filter(w -> w.get("window_start").asLong() == T0).toList().getLast();
        assertEquals(2, first.get("pairs").asLong());
        assertEquals(1, first.get("unmatched").asLong());
        assertEquals(3, first.get("version").asLong(), "each pair and each unmatched candidate is an update");
        assertEquals(0.5, first.get("flip_rate").asDouble(), 1e-12);
        double cosine1 = pairs.get(0).get("cosine").asDouble();
        double cosine2 = pairs.get(1).get("cosine").asDouble();
        assertEquals(Math.min(cosine1, cosine2), first.get("cosine_min").asDouble(), 1e-12);
        assertEquals((cosine1 + cosine2) / 2, first.get("cosine_mean").asDouble(), 1e-12);
        assertEquals((10 * Math.log10(30.0) + 10 * Math.log10(30.0 / 20)) / 2, first.get("sqnr_mean_db").asDouble(), 1e-6);
        assertEquals((pairs.get(0).get("kl").asDouble() + pairs.get(1).get("kl").asDouble()) / 2,
                first.get("kl_mean").asDouble(), 1e-9);
        // Max-abs-errors 1 and 3; quantiles take rank floor(q (n - 1)), so p99 of two values is the lower one.
        assertEquals(1.0, first.get("max_abs_err_p99").asDouble(), 1.0 * 0.005, "within the sketch's 0.5 %");
        assertEquals("resnet50", first.get("model_name").asText());
        assertEquals("INT8", first.get("candidate_precision").asText());
        assertEquals("pi5-hailo8l", first.get("device_class").asText());

        JsonNode second = windows.stream().filter(w -> w.get("window_start").asLong() == T0 + 300_000).toList().getLast();
        assertEquals(1, second.get("pairs").asLong());
        assertEquals(0.0, second.get("flip_rate").asDouble());
        assertEquals("Infinity", pairs.get(2).get("sqnr_db").asText(), "identical outputs: SQNR is +inf");
        assertEquals(150.0, second.get("sqnr_mean_db").asDouble(), "the window mean caps it at 150 dB");
    }

    /** KL(softmax(r) ‖ softmax(c)) in nats, straight from the definition. */
    private static double klOfSoftmaxes(float[] r, float[] c) {
        double zr = 0, zc = 0;
        for (int i = 0; i < r.length; i++) {
            zr += Math.exp(r[i]);
            zc += Math.exp(c[i]);
        }
        double kl = 0;
        for (int i = 0; i < r.length; i++) {
            double p = Math.exp(r[i]) / zr;
            double q = Math.exp(c[i]) / zc;
            kl += p * Math.log(p / q);
        }
        return kl;
    }
}
