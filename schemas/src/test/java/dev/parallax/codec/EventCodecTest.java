package dev.parallax.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Precision;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec<InferenceEvent> codec = EventCodec.inference();

    private static <T> T accepted(DecodeResult<T> result) {
        if (result instanceof DecodeResult.Rejected<T>(String reason)) {
            throw new AssertionError("rejected: " + reason);
        }
        return ((DecodeResult.Accepted<T>) result).event();
    }

    private static String rejected(DecodeResult<?> result) {
        return assertInstanceOf(DecodeResult.Rejected.class, result, () -> "accepted: " + result).reason();
    }

    private String rejectedJson(String json) {
        return rejected(codec.decode(json.getBytes(UTF_8)));
    }

    /** The valid event as JSON with one field replaced (value is raw JSON text) or removed (value null). */
    private static String jsonWith(String field, String value) {
        String json = new String(EventCodec.inference().encodeJson(Events.inference()), UTF_8);
        String pattern = "\"" + field + "\":";
        int start = json.indexOf(pattern);
        if (start < 0) {
            return json.substring(0, json.length() - 1) + ",\"" + field + "\":" + value + "}";
        }
        int end = endOfValue(json, start + pattern.length());
        String rest = json.substring(end);
        if (value == null) {
            return rest.startsWith(",")
                    ? json.substring(0, start) + rest.substring(1)
                    : json.substring(0, start - 1) + rest; // last field: drop the comma before it
        }
        return json.substring(0, start + pattern.length()) + value + rest;
    }

    private static int endOfValue(String json, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') inString = true;
            else if (c == '[' || c == '{') depth++;
            else if ((c == ']' || c == '}') && depth > 0) depth--;
            else if ((c == ',' || c == '}') && depth == 0) return i;
        }
        return json.length();
    }

    @Test
    void avroRoundTripKeepsEveryField() {
        InferenceEvent event = Events.inference();
        byte[] avro = codec.encodeAvro(event);
        assertEquals((byte) 0xC3, avro[0]);
        assertEquals((byte) 0x01, avro[1]);
        assertEquals(event, accepted(codec.decode(avro)));

        DeviceSample sample = Events.deviceSample();
        assertEquals(sample, accepted(EventCodec.deviceSample().decode(EventCodec.deviceSample().encodeAvro(sample))));
        RunEvent run = Events.run();
        assertEquals(run, accepted(EventCodec.run().decode(EventCodec.run().encodeAvro(run))));
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        InferenceEvent event = Events.inference();
        assertEquals(event, accepted(codec.decode(codec.encodeJson(event))));

        DeviceSample sample = Events.deviceSample();
        assertEquals(sample, accepted(EventCodec.deviceSample().decode(EventCodec.deviceSample().encodeJson(sample))));
        RunEvent run = Events.run();
        assertEquals(run, accepted(EventCodec.run().decode(EventCodec.run().encodeJson(run))));
    }

    @Test
    void jsonHasTheWireShape() {
        String json = new String(codec.encodeJson(Events.inference()), UTF_8);
        assertTrue(json.startsWith("{\"event_id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"event_time\":1763900000123,"), json);
        assertTrue(json.contains("\"precision\":\"INT8\",\"tier\":\"EDGE\""), json);
        assertTrue(json.contains("\"outputs\":[1.5,-0.25,3.0E-8,3.4028235E38]"), json);
        assertTrue(json.contains("\"throttle_flags\":327680"), json);
        assertTrue(!json.contains("error_message"), "null optional fields are left out: " + json);
    }

    @Test
    void nonFiniteOutputsSurviveBothEncodingsForTheDivergenceJob() {
        InferenceEvent event = Events.inference();
        event.setOutputs(List.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f));
        String json = new String(codec.encodeJson(event), UTF_8);
        assertTrue(json.contains("\"outputs\":[NaN,Infinity,-Infinity,0.0]"), json);
        assertEquals(event, accepted(codec.decode(json.getBytes(UTF_8))));
        assertEquals(event, accepted(codec.decode(codec.encodeAvro(event))));
    }

    @Test
    void readsWhatAPythonRunnerSends() {
        // json.dumps of a dict: spaces after separators, optional fields absent, unknown field, bare NaN outputs.
        String json = """
                {"event_id": "e3b0c442-98fc-1c14-9afb-f4c8996fb924", "event_time": 1763900000000,
                 "run_id": "r1", "test_id": "t1", "model_name": "yolo", "model_version": "8",
                 "precision": "FP16", "tier": "CLOUD", "device_id": "gpu-1", "device_class": "cloud-a10g",
                 "runtime": "tensorrt", "status": "TIMEOUT", "python_version": "3.12",
                 "outputs": [0.5, NaN], "output_kind": "PROBABILITIES", "attributes": {"ci_job": "77"}}
                """;
        InferenceEvent event = accepted(codec.decode(json.getBytes(UTF_8)));
        assertEquals(Precision.FP16, event.getPrecision());
        assertEquals(Tier.CLOUD, event.getTier());
        assertEquals(Status.TIMEOUT, event.getStatus());
        assertNull(event.getLatencyMs(), "latency is optional unless status is OK");
        assertNull(event.getSuite());
        assertTrue(Float.isNaN(event.getOutputs().get(1)));
        assertEquals(Map.of("ci_job", "77"), event.getAttributes());
    }

    @Test
    void absentAttributesDecodeAsAnEmptyMap() {
        InferenceEvent event = accepted(codec.decode(jsonWith("attributes", null).getBytes(UTF_8)));
        assertEquals(Map.of(), event.getAttributes());
        assertEquals(Map.of(), accepted(codec.decode(jsonWith("attributes", "null").getBytes(UTF_8))).getAttributes());
    }

    @Test
    void utf8ByteOrderMarkAndNonAsciiTextAreFine() {
        byte[] json = jsonWith("suite", "\"Überprüfung ✓\"").getBytes(UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertEquals("Überprüfung ✓", accepted(codec.decode(withBom)).getSuite());
    }

    // ---- rejections: each with a precise reason, never an exception ----

    @Test
    void malformedJson() {
        assertEquals("malformed JSON at line 1 column 17: Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
                rejectedJson("{\"event_id\": 12,}").replaceAll("\\s+$", ""));
        assertTrue(rejectedJson("{\"event_id\": \"abc").startsWith("malformed JSON at line 1 column 18: Unexpected end-of-input"),
                rejectedJson("{\"event_id\": \"abc"));
        assertEquals("expected a JSON object (was an array)", rejectedJson("[1, 2, 3]"));
        assertTrue(rejectedJson("hello").startsWith("malformed JSON at line 1 column 6: Unrecognized token 'hello'"));
        assertTrue(rejectedJson(jsonWith("run_id", "\"a\"").replace("\"test_id\"", "\"run_id\""))
                .startsWith("malformed JSON at line 1 column "), "duplicate keys are rejected");
    }

    @Test
    void trailingContentAfterTheObject() {
        String json = new String(codec.encodeJson(Events.inference()), UTF_8);
        assertEquals("trailing content after the JSON object at line 1 column " + (json.length() + 2) + " (an object)",
                rejectedJson(json + " {}"));
    }

    @Test
    void wrongMagicBytes() {
        byte[] avro = codec.encodeAvro(Events.inference());
        avro[1] = 0x02;
        assertEquals("wrong magic bytes 0xC3 0x02 (Avro single-object encoding starts with 0xC3 0x01)",
                rejected(codec.decode(avro)));
        assertEquals("wrong magic bytes 0x80 0x01 (expected Avro single-object encoding 0xC3 0x01 or a UTF-8 JSON object)",
                rejected(codec.decode(new byte[] {(byte) 0x80, 0x01, 0x02})));
        assertTrue(rejected(codec.decode(new byte[] {0, 0, 0, 0, 7, 2, 4})).contains("Confluent Schema Registry framing"));
    }

    @Test
    void unknownSchemaFingerprint() {
        byte[] avro = codec.encodeAvro(Events.inference());
        avro[5] ^= 0x40;
        String reason = rejected(codec.decode(avro));
        assertTrue(reason.matches("unknown Avro schema fingerprint 0x[0-9A-F]{16} \\(this reader knows "
                + "\\[InferenceEvent v1 \\(fingerprint 0x[0-9A-F]{16}\\)]\\)"), reason);
    }

    @Test
    void truncatedAvro() {
        byte[] avro = codec.encodeAvro(Events.inference());
        assertEquals("truncated Avro header: 6 bytes, single-object encoding needs 10",
                rejected(codec.decode(java.util.Arrays.copyOf(avro, 6))));
        for (int length = 10; length < avro.length; length++) {
            String reason = rejected(codec.decode(java.util.Arrays.copyOf(avro, length)));
            assertTrue(reason.startsWith("truncated Avro record (written with InferenceEvent v1"), length + ": " + reason);
        }
    }

    @Test
    void trailingBytesAfterAvro() {
        byte[] avro = codec.encodeAvro(Events.inference());
        byte[] longer = java.util.Arrays.copyOf(avro, avro.length + 3);
        assertTrue(rejected(codec.decode(longer)).startsWith("3 unexpected bytes after the Avro record"));
    }

    @Test
    void latencyMustBeFiniteAndNotNegative() {
        assertEquals("latency_ms must be a finite number ≥ 0 (was NaN)", rejectedJson(jsonWith("latency_ms", "NaN")));
        assertEquals("latency_ms must be a finite number ≥ 0 (was Infinity)", rejectedJson(jsonWith("latency_ms", "Infinity")));
        assertEquals("latency_ms must be a finite number ≥ 0 (was -0.5)", rejectedJson(jsonWith("latency_ms", "-0.5")));
        assertEquals("latency_ms is required when status is OK", rejectedJson(jsonWith("latency_ms", null)));
        assertEquals("latency_ms must be a number (was string \"12\")", rejectedJson(jsonWith("latency_ms", "\"12\"")));

        InferenceEvent event = Events.inference();
        event.setLatencyMs(Double.NaN);
        assertEquals("latency_ms must be a finite number ≥ 0 (was NaN)", rejected(codec.decode(codec.encodeAvro(event))));
        event.setLatencyMs(-1.0);
        assertEquals("latency_ms must be a finite number ≥ 0 (was -1.0)", rejected(codec.decode(codec.encodeAvro(event))));
    }

    @Test
    void unknownEnumSymbol() {
        assertEquals("unknown precision 'INT3' (expected one of FP32, FP16, BF16, INT8, INT4, OTHER)",
                rejectedJson(jsonWith("precision", "\"INT3\"")));
        assertEquals("unknown tier 'edge' (expected one of EDGE, CLOUD)", rejectedJson(jsonWith("tier", "\"edge\"")));
        assertEquals("status must be one of OK, ERROR, TIMEOUT (was 1)", rejectedJson(jsonWith("status", "1")));
    }

    @Test
    void oversizedOutputs() {
        List<Float> outputs = new ArrayList<>(Collections.nCopies(70_000, 0.5f));
        InferenceEvent event = Events.inference();
        event.setOutputs(outputs);
        assertEquals("outputs has 70000 values; at most 65536 allowed", rejected(codec.decode(codec.encodeAvro(event))));
        assertEquals("outputs has 70000 values; at most 65536 allowed", rejected(codec.decode(codec.encodeJson(event))));

        event.setOutputs(new ArrayList<>(Collections.nCopies(65_536, 0.5f)));
        assertEquals(event, accepted(codec.decode(codec.encodeAvro(event))), "the cap itself is allowed");
        EventCodec<InferenceEvent> strict = EventCodec.builder(EventKind.INFERENCE).maxOutputs(3).build();
        assertEquals("outputs has 4 values; at most 3 allowed", rejected(strict.decode(strict.encodeAvro(Events.inference()))));
    }

    @Test
    void outputsNeedAnOutputKind() {
        assertEquals("output_kind is required when outputs are present", rejectedJson(jsonWith("output_kind", null)));
        assertEquals("outputs[1] must be a number (was string \"x\")", rejectedJson(jsonWith("outputs", "[1, \"x\"]")));
    }

    @Test
    void oversizedRecord() {
        byte[] big = new byte[2_000_000];
        big[0] = '{';
        assertEquals("record is 2000000 bytes; at most 1048576 allowed", rejected(codec.decode(big)));
        EventCodec<InferenceEvent> small = EventCodec.builder(EventKind.INFERENCE).maxRecordBytes(100).build();
        assertEquals("record is %d bytes; at most 100 allowed".formatted(codec.encodeAvro(Events.inference()).length),
                rejected(small.decode(codec.encodeAvro(Events.inference()))));
    }

    @Test
    void textMustBeStrictUtf8InJson() {
        String json = jsonWith("test_id", "\"@@@\"");
        assertEquals("invalid UTF-8 at byte %d: C0 AF is an overlong encoding (send strict UTF-8)".formatted(json.indexOf("@@@")),
                rejected(codec.decode(replace(json.getBytes(UTF_8), "@@@", new byte[] {(byte) 0xC0, (byte) 0xAF, 'x'}))));
        assertTrue(rejected(codec.decode(replace(json.getBytes(UTF_8), "@@@", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})))
                .contains("ED A0 80 is an encoded UTF-16 surrogate"));
        assertTrue(rejected(codec.decode(replace(json.getBytes(UTF_8), "@@@", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF})))
                .contains("E0 80 AF is an overlong encoding"));
        assertTrue(rejected(codec.decode(replace(json.getBytes(UTF_8), "@@@", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})))
                .contains("F4 90 80 80 is beyond U+10FFFF"));
        assertTrue(rejected(codec.decode(replace(json.getBytes(UTF_8), "@@@", new byte[] {'a', (byte) 0x80, 'b'})))
                .contains("80 is a continuation byte without a lead byte"));
        // Four-byte characters (U+1F600) and the largest code point are fine.
        assertEquals("a\uD83D\uDE00\uDBFF\uDFFF", accepted(codec.decode(replace(json.getBytes(UTF_8), "@@@",
                "a\uD83D\uDE00\uDBFF\uDFFF".getBytes(UTF_8)))).getTestId());
    }

    @Test
    void textMustBeStrictUtf8InAvro() {
        InferenceEvent event = Events.inference();
        event.setTestId("@@@");
        byte[] avro = replace(codec.encodeAvro(event), "@@@", new byte[] {'a', (byte) 0xC0, (byte) 0xAF});
        assertTrue(rejected(codec.decode(avro)).contains("string invalid UTF-8 at byte 1: C0 AF is an overlong encoding"),
                rejected(codec.decode(avro)));
    }

    @Test
    void idsAndNamesHaveByteLimits() {
        assertEquals("test_id is 257 bytes of UTF-8; at most 256 allowed",
                rejectedJson(jsonWith("test_id", "\"" + "t".repeat(257) + "\"")));
        accepted(codec.decode(jsonWith("test_id", "\"" + "t".repeat(256) + "\"").getBytes(UTF_8)));
        assertEquals("device_id is 258 bytes of UTF-8; at most 256 allowed",
                rejectedJson(jsonWith("device_id", "\"" + "é".repeat(129) + "\"")));
        assertEquals("error_message is 16385 bytes of UTF-8; at most 16384 allowed",
                rejectedJson(jsonWith("error_message", "\"" + "e".repeat(16_385) + "\"")));
        assertEquals("attributes.k is 1025 bytes of UTF-8; at most 1024 allowed",
                rejectedJson(jsonWith("attributes", "{\"k\": \"" + "v".repeat(1_025) + "\"}")));
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 65; i++) many.put("k" + i, "v");
        InferenceEvent event = Events.inference();
        event.setAttributes(many);
        assertEquals("attributes has 65 entries; at most 64 allowed", rejected(codec.decode(codec.encodeAvro(event))));
        RunEvent run = Events.run();
        run.setRunId("r".repeat(300));
        assertEquals("run_id is 300 bytes of UTF-8; at most 256 allowed",
                rejected(EventCodec.run().decode(EventCodec.run().encodeAvro(run))));
    }

    private static byte[] replace(byte[] bytes, String placeholder, byte[] with) {
        byte[] what = placeholder.getBytes(UTF_8);
        for (int i = 0; i + what.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                byte[] out = new byte[bytes.length - what.length + with.length];
                System.arraycopy(bytes, 0, out, 0, i);
                System.arraycopy(with, 0, out, i, with.length);
                System.arraycopy(bytes, i + what.length, out, i + with.length, bytes.length - i - what.length);
                return out;
            }
        }
        throw new AssertionError("no " + placeholder);
    }

    @Test
    void missingRequiredFields() {
        assertEquals("missing required field run_id", rejectedJson(jsonWith("run_id", null)));
        assertEquals("missing required fields run_id, device_class",
                rejectedJson(jsonWith("run_id", null).replace("\"device_class\":\"pi5-hailo8l\",", "")));
        assertEquals("missing required field test_id", rejectedJson(jsonWith("test_id", "null")));
        assertEquals("missing required fields event_id, event_time, run_id, test_id, model_name, model_version, "
                + "precision, tier, device_id, device_class, runtime, status", rejectedJson("{}"));
        assertEquals("model_name must not be empty", rejectedJson(jsonWith("model_name", "\"  \"")));

        InferenceEvent event = Events.inference();
        event.setRunId("");
        assertEquals("run_id must not be empty", rejected(codec.decode(codec.encodeAvro(event))));
    }

    @Test
    void eventIdMustBeAUuid() {
        assertEquals("event_id 'not-a-uuid' is not a UUID (expected 8-4-4-4-12 hex digits)",
                rejectedJson(jsonWith("event_id", "\"not-a-uuid\"")));
    }

    @Test
    void eventTimeMustBeEpochMilliseconds() {
        assertEquals("event_time 1763900000 looks like epoch seconds; expected epoch milliseconds",
                rejectedJson(jsonWith("event_time", "1763900000")));
        assertEquals("event_time -5 is not an epoch-millisecond time between 2000-01-01 and 2100-01-01",
                rejectedJson(jsonWith("event_time", "-5")));
        assertEquals("event_time must be a 64-bit integer (was 1.7639E12)", rejectedJson(jsonWith("event_time", "1.7639E12")));
    }

    @Test
    void numericRangesOfOptionalFields() {
        assertEquals("power_w must be a finite number ≥ 0 (was -1.0); idle_power_w must be a finite number ≥ 0 (was NaN)",
                rejectedJson(jsonWith("power_w", "-1").replace("\"idle_power_w\":2.9", "\"idle_power_w\":NaN")));
        assertEquals("temperature_c must be a finite number (was -Infinity)", rejectedJson(jsonWith("temperature_c", "-Infinity")));
        assertEquals("throttle_flags must be a 32-bit integer (was 99999999999)", rejectedJson(jsonWith("throttle_flags", "99999999999")));
        assertEquals("throttle_flags must be ≥ 0 (was -1)", rejectedJson(jsonWith("throttle_flags", "-1")));
        assertEquals("batch_size must be ≥ 1 (was 0)", rejectedJson(jsonWith("batch_size", "0")));
        assertEquals("attributes.pr must be a string (was 12)", rejectedJson(jsonWith("attributes", "{\"pr\": 12}")));
    }

    @Test
    void severalProblemsAreReportedTogether() {
        String json = jsonWith("model_name", null).replace("\"latency_ms\":12.75", "\"latency_ms\":-3");
        assertEquals("missing required field model_name", rejectedJson(json), "structure first");
        assertEquals("latency_ms must be a finite number ≥ 0 (was -3.0); power_w must be a finite number ≥ 0 (was -1.0)",
                rejectedJson(jsonWith("power_w", "-1").replace("\"latency_ms\":12.75", "\"latency_ms\":-3")));
    }

    @Test
    void otherKindsHaveTheirOwnRules() {
        EventCodec<DeviceSample> samples = EventCodec.deviceSample();
        DeviceSample sample = Events.deviceSample();
        sample.setPowerW(Double.NaN);
        sample.setDeviceId(" ");
        assertEquals("device_id must not be empty; power_w must be a finite number ≥ 0 (was NaN)",
                rejected(samples.decode(samples.encodeAvro(sample))));

        EventCodec<RunEvent> runs = EventCodec.run();
        assertEquals("unknown trigger 'CRON' (expected one of PR, NIGHTLY, MANUAL)", rejected(runs.decode(
                new String(runs.encodeJson(Events.run()), UTF_8).replace("\"PR\"", "\"CRON\"").getBytes(UTF_8))));
        assertEquals("missing required fields phase, trigger", rejected(runs.decode(
                "{\"event_id\":\"a3bb189e-8bf9-3888-9912-ace4e6543002\",\"event_time\":1763900000000,\"run_id\":\"r\"}"
                        .getBytes(UTF_8))));
    }

    @Test
    void testOutcomesAreNestedObjectsInJson() {
        EventCodec<RunEvent> runs = EventCodec.run();
        String json = new String(runs.encodeJson(Events.run()), UTF_8);
        assertTrue(json.contains("\"tests\":[{\"test_id\":\"resnet50-latency\",\"display_name\":\"resnet50 at INT8\","
                + "\"outcome\":\"PASSED\",\"duration_ms\":5250,\"inferences\":400,\"latency_p50_ms\":12.5,"
                + "\"latency_p99_ms\":19.75},{"), json);

        // A runner that knows nothing of test outcomes (schema v1, the Python runner) sends none.
        RunEvent withoutTests = accepted(runs.decode(json.replaceFirst(",\"tests\":\\[.*]", "").getBytes(UTF_8)));
        assertEquals(List.of(), withoutTests.getTests());

        String missingOutcome = json.replace("\"outcome\":\"ABORTED\",", "");
        assertEquals("missing required field tests[1].outcome", rejected(runs.decode(missingOutcome.getBytes(UTF_8))));
        String badDuration = json.replace("\"duration_ms\":5250", "\"duration_ms\":\"5s\"");
        assertEquals("tests[0].duration_ms must be a 64-bit integer (was string \"5s\")",
                rejected(runs.decode(badDuration.getBytes(UTF_8))));
        assertEquals("tests[0] must be an object (was 7)",
                rejected(runs.decode(json.replace("\"tests\":[{", "\"tests\":[7,{").getBytes(UTF_8))));
    }

    @Test
    void testOutcomesHaveTheirRules() {
        EventCodec<RunEvent> runs = EventCodec.run();
        RunEvent run = Events.run();
        run.getTests().get(0).setLatencyP50Ms(25.0);
        run.getTests().get(1).setDurationMs(-1L);
        run.getTests().get(1).setTestId("");
        assertEquals("tests[0].latency_p50_ms 25.0 exceeds latency_p99_ms 19.75; tests[1].test_id must not be empty; "
                + "tests[1].duration_ms must be ≥ 0 (was -1)", rejected(runs.decode(runs.encodeAvro(run))));

        RunEvent big = Events.run();
        big.setTests(Collections.nCopies(Limits.MAX_TESTS + 1, Events.run().getTests().get(0)));
        assertEquals("tests has 1001 entries; at most 1000 allowed", rejected(runs.decode(runs.encodeAvro(big))));
        big.setTests(Collections.nCopies(Limits.MAX_TESTS, Events.run().getTests().get(0)));
        assertEquals(big, accepted(runs.decode(runs.encodeAvro(big))));
    }

    @Test
    void emptyInput() {
        assertEquals("empty record", rejected(codec.decode(new byte[0])));
        assertEquals("empty record", rejected(codec.decode(null)));
    }

    @Test
    void validateReportsWhatDecodeWould() {
        InferenceEvent event = Events.inference();
        assertTrue(codec.validate(event).isEmpty());
        event.setPowerW(-2.0);
        assertEquals("power_w must be a finite number ≥ 0 (was -2.0)", codec.validate(event).orElseThrow());
    }

    @Test
    void builderRejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> EventCodec.builder(EventKind.RUN).maxRecordBytes(4).build());
        assertThrows(IllegalArgumentException.class, () -> EventCodec.builder(EventKind.RUN).maxOutputs(-1).build());
    }

    @Test
    void encodingsAreStable() {
        assertArrayEquals(codec.encodeAvro(Events.inference()), codec.encodeAvro(Events.inference()));
        assertArrayEquals(codec.encodeJson(Events.inference()), codec.encodeJson(Events.inference()));
    }
}
