package dev.parallax.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.codec.EventCodec;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import dev.parallax.ingest.testing.TestEvents;
import dev.parallax.ingest.testing.TopicReader;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.testkit.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector in this JVM against a real broker. */
class CollectorTest {

    static final EventCodec<InferenceEvent> CODEC = EventCodec.inference();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    static EmbeddedKafkaBroker broker;
    static CollectorServer collector;
    static MetricsEndpoint metrics;
    static String token;
    static String otherDeviceToken;
    static String ciToken;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build().start();
        Path tokens = tmp.resolve("device-tokens.properties");
        token = DeviceTokens.issue(tokens, "pi5-07");
        otherDeviceToken = DeviceTokens.issue(tokens, "pi5-08");
        ciToken = DeviceTokens.issueCi(tokens, "nightly");
        metrics = MetricsEndpoint.start("127.0.0.1", 0);
        collector = CollectorServer.start(new CollectorSettings("127.0.0.1", 0, KafkaClientSettings.of(broker.bootstrapServers()), tokens,
                Map.of(), 4 << 20, 500, 16 << 20, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
                64, 1_000, 1_000), metrics.registry());
    }

    @AfterAll
    static void stop() {
        collector.close();
        metrics.close();
        broker.stop();
    }

    @Test
    void validBatchIsAcceptedAndWrittenToTheInputTopic() throws Exception {
        List<InferenceEvent> events = IntStream.range(0, 20).mapToObj(i -> TestEvents.inference("valid", i, "pi5-07")).toList();
        HttpResponse<String> response = post("/v1/inference", token, jsonArray(events));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(20, body.get("accepted").asInt());
        assertEquals(0, body.get("rejected").asInt());
        assertEquals(events.get(3).getEventId(), body.get("results").get(3).get("event_id").asText());

        Set<String> expected = events.stream().map(InferenceEvent::getEventId).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(broker.bootstrapServers(), Topics.INFERENCE,
                Duration.ofSeconds(20), read -> idsOf(read).containsAll(expected));
        assertTrue(idsOf(records).containsAll(expected));
        assertTrue(records.stream().filter(r -> expected.contains(eventId(r))).allMatch(r -> r.key().equals("pi5-07")));
        assertTrue(records.stream().allMatch(r -> r.value()[0] == (byte) 0xC3), "Avro single-object encoding");
    }

    @Test
    void aGzipBodyIsInflatedAndItsEventsWritten() throws Exception {
        List<InferenceEvent> events = IntStream.range(0, 50).mapToObj(i -> TestEvents.inference("gzip", i, "pi5-07")).toList();
        byte[] gzipped = gzip(jsonArray(events).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = postBytes("/v1/inference", token, "gzip", gzipped);

        assertAccepted(response);
        assertEquals(50, JSON.readTree(response.body()).get("accepted").asInt());
        Set<String> expected = events.stream().map(InferenceEvent::getEventId).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(broker.bootstrapServers(), Topics.INFERENCE,
                Duration.ofSeconds(20), read -> idsOf(read).containsAll(expected));
        assertTrue(idsOf(records).containsAll(expected));
    }

    @Test
    void aGzipBodyThatInflatesPastTheLimitIs413() throws Exception {
        // 64 MiB of spaces compress to about 64 KiB: far under the 4 MiB limit as sent, 16 times over it inflated.
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            out.write('[');
            for (int i = 0; i < 64; i++) out.write(spaces);
            out.write(']');
        }
        assertTrue(bomb.size() < 1 << 20, "bomb is " + bomb.size() + " bytes");
        HttpResponse<String> response = postBytes("/v1/inference", token, "gzip", bomb.toByteArray());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("gzip body inflates to over 4194304 bytes"), response.body());
    }

    @Test
    void aBodyThatIsNoGzipIs400AndAnUnknownEncodingIs415() throws Exception {
        HttpResponse<String> notGzip = postBytes("/v1/run", token, "gzip", "[{}]".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notGzip.statusCode(), notGzip.body());
        assertTrue(notGzip.body().contains("not valid gzip"), notGzip.body());
        byte[] cut = gzip(runEvent("cut-" + System.nanoTime(), "STARTED", 1).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> truncated = postBytes("/v1/run", token, "gzip", Arrays.copyOf(cut, cut.length - 10));
        assertEquals(400, truncated.statusCode(), truncated.body());
        HttpResponse<String> brotli = postBytes("/v1/run", token, "br", "[{}]".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, brotli.statusCode(), brotli.body());
    }

    @Test
    void identityNamesTheTokensDeviceOrCiPipeline() throws Exception {
        assertEquals(Map.of("ci", false, "device_id", "pi5-07"), JSON.readValue(identity(token).body(), Map.class));
        assertEquals(Map.of("ci", true, "name", "nightly"), JSON.readValue(identity(ciToken).body(), Map.class));
        assertEquals(401, identity(token + "x").statusCode());
    }

    @Test
    void mixedBatchIsPartiallyAcceptedWithReasonsAndDeadLetters() throws Exception {
        String good1 = text(TestEvents.inference("mixed", 1, "pi5-07"));
        String good2 = text(TestEvents.inference("mixed", 2, "pi5-07"));
        String broken = "{\"event_id\": \"5d7b2a1e-0000-4000-8000-000000000001\", \"event_time\": ";
        String noLatency = text(InferenceEvent.newBuilder(TestEvents.inference("mixed", 3, "pi5-07")).setLatencyMs(null).build());
        String otherDevice = text(TestEvents.inference("mixed", 4, "pi5-08"));
        String ndjson = String.join("\n", good1, broken, good2, noLatency, "", otherDevice) + "\n";

        HttpResponse<String> response = post("/v1/inference", token, ndjson);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(2, body.get("accepted").asInt());
        assertEquals(3, body.get("rejected").asInt());
        JsonNode results = body.get("results");
        assertEquals(List.of("accepted", "rejected", "accepted", "rejected", "rejected"),
                IntStream.range(0, 5).mapToObj(i -> results.get(i).get("status").asText()).toList());
        assertTrue(results.get(1).get("reason").asText().startsWith("malformed JSON"), results.toString());
        assertTrue(results.get(3).get("reason").asText().contains("latency_ms"), results.toString());
        assertTrue(results.get(4).get("reason").asText().contains("'pi5-08'"), results.toString());

        List<DeadLetter> letters = TopicReader.readUntil(broker.bootstrapServers(), Topics.DEAD_LETTER, Duration.ofSeconds(20),
                        read -> read.stream().filter(r -> isFromMixedBatch(r)).count() >= 3)
                .stream().filter(CollectorTest::isFromMixedBatch).map(r -> DeadLetter.fromJson(r.value())).toList();
        assertEquals(3, letters.size());
        DeadLetter brokenLetter = letters.stream().filter(l -> l.reason().startsWith("malformed")).findFirst().orElseThrow();
        assertArrayEquals(broken.getBytes(StandardCharsets.UTF_8), brokenLetter.raw(), "raw bytes exactly as sent");
        assertEquals("collector/pi5-07", brokenLetter.source());
        assertEquals(Topics.INFERENCE, brokenLetter.topic());
    }

    @Test
    void metricsCountRequestsByStatusEventsByTopicAndDeadLettersByReasonClass() throws Exception {
        List<String> lines = new ArrayList<>(IntStream.range(0, 46)
                .mapToObj(i -> text(TestEvents.inference("metrics", i, "pi5-07"))).toList());
        lines.add("{\"event_id\": ");
        lines.add("{\"event_id\": \"5d7b2a1e-0000-4000-8000-000000000002\", \"event_time\": ");
        lines.add(text(InferenceEvent.newBuilder(TestEvents.inference("metrics", 46, "pi5-07")).setLatencyMs(null).build()));
        lines.add(text(TestEvents.inference("metrics", 47, "pi5-08")));
        PrometheusText before = PrometheusText.scrape(metrics.url());

        assertEquals(200, post("/v1/inference", token, String.join("\n", lines)).statusCode());
        assertEquals(401, post("/v1/inference", token + "x", "[]").statusCode());

        PrometheusText after = PrometheusText.scrape(metrics.url());
        Map<String, Double> moved = new LinkedHashMap<>();
        moved.put("in", delta(before, after, "parallax_events_in_total", Map.of("topic", Topics.INFERENCE)));
        moved.put("out", delta(before, after, "parallax_events_out_total", Map.of("topic", Topics.INFERENCE)));
        moved.put("dead letters out", delta(before, after, "parallax_events_out_total", Map.of("topic", Topics.DEAD_LETTER)));
        for (String reasonClass : List.of("malformed", "invalid", "device_mismatch")) {
            moved.put(reasonClass, delta(before, after, "parallax_dead_letters_total",
                    Map.of("topic", Topics.INFERENCE, "reason_class", reasonClass)));
        }
        for (String status : List.of("200", "401")) {
            moved.put(status, delta(before, after, "parallax_collector_requests_total",
                    Map.of("path", "/v1/inference", "status", status)));
        }
        assertEquals(Map.of("in", 50.0, "out", 46.0, "dead letters out", 4.0, "malformed", 2.0, "invalid", 1.0,
                "device_mismatch", 1.0, "200", 1.0, "401", 1.0), moved);
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    @Test
    void missingOrWrongTokenIs401() throws Exception {
        String batch = jsonArray(List.of(TestEvents.inference("auth", 0, "pi5-07")));
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(uri("/v1/inference"))
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, post("/v1/inference", token + "x", batch).statusCode());
        assertEquals(401, post("/v1/device", "", batch).statusCode());
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        InferenceEvent big = InferenceEvent.newBuilder(TestEvents.inference("big", 0, "pi5-07"))
                .setOutputs(IntStream.range(0, 600_000).mapToObj(i -> (float) i).toList()).build();
        HttpResponse<String> response = post("/v1/inference", token, jsonArray(List.of(big)));
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("split the batch"));
    }

    @Test
    void malformedBatchIs400() throws Exception {
        HttpResponse<String> response = post("/v1/run", token, "[{\"event_id\": 1}, ");
        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void servesHealthAndItsOpenApiDescription() throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        HttpResponse<byte[]> openApi = HTTP.send(HttpRequest.newBuilder(uri("/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, openApi.statusCode());
        assertArrayEquals(CollectorServer.openApi(), openApi.body());
        String yaml = new String(openApi.body(), StandardCharsets.UTF_8);
        for (String path : List.of("/v1/inference:", "/v1/device:", "/v1/run:", "\"413\"", "\"429\"")) {
            assertTrue(yaml.contains(path), path);
        }
    }

    @Test
    void aRecordTooBigForADeadLetterIsKeptTruncatedWithItsSizeAndSha256() throws Exception {
        String marker = "5d7b2a1e-0000-4000-8000-00000000b16b";
        String huge = "{\"event_id\": \"" + marker + "\", \"test_id\": \"" + "é".repeat(900_000) + "\"}";
        byte[] hugeBytes = huge.getBytes(StandardCharsets.UTF_8);
        String ndjson = text(TestEvents.inference("huge", 1, "pi5-07")) + "\n" + huge + "\n";

        for (int attempt = 0; attempt < 2; attempt++) { // the same batch again: the same answer, never a 503 loop
            HttpResponse<String> response = post("/v1/inference", token, ndjson);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals(1, body.get("accepted").asInt());
            assertTrue(body.get("results").get(1).get("reason").asText().startsWith("record is 1800"), response.body());
        }

        DeadLetter letter = deadLetter(l -> l.rawText() != null && l.rawText().contains(marker));
        assertTrue(letter.toJson().length <= DeadLetter.MAX_JSON_BYTES, "fits in a Kafka message");
        byte[] kept = letter.raw();
        assertTrue(kept.length > 100_000 && kept.length < hugeBytes.length, "a long prefix is kept: " + kept.length);
        assertArrayEquals(Arrays.copyOf(hugeBytes, kept.length), kept, "the kept bytes are the first ones sent");
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(hugeBytes));
        assertTrue(letter.reason().contains("record is " + hugeBytes.length + " bytes"), letter.reason());
        assertTrue(letter.reason().contains("raw truncated: first " + kept.length + " of " + hugeBytes.length + " bytes kept"),
                letter.reason());
        assertTrue(letter.reason().contains("sha256 of all " + hugeBytes.length + " bytes: " + sha256), letter.reason());
    }

    @Test
    void overlongAndSurrogateUtf8IsRefusedWithAReasonAndKeptExactlyAsSent() throws Exception {
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        byte[] overlong = withTestId("utf8-1", new byte[] {'a', (byte) 0xC0, (byte) 0xAF, 'b'});
        byte[] surrogate = withTestId("utf8-2", new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'});
        byte[] fine = withTestId("utf8-3", "a/b\u00e9".getBytes(StandardCharsets.UTF_8));
        for (byte[] line : List.of(overlong, surrogate, fine)) {
            ndjson.writeBytes(line);
            ndjson.write('\n');
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/v1/inference"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertEquals("rejected", results.get(0).get("status").asText());
        assertTrue(results.get(0).get("reason").asText().contains("C0 AF is an overlong encoding"), results.toString());
        assertEquals("rejected", results.get(1).get("status").asText());
        assertTrue(results.get(1).get("reason").asText().contains("ED A0 80 is an encoded UTF-16 surrogate"), results.toString());
        assertEquals("accepted", results.get(2).get("status").asText(), results.toString());
        assertArrayEquals(overlong, deadLetter(l -> Arrays.equals(l.raw(), overlong)).raw());
        assertArrayEquals(surrogate, deadLetter(l -> Arrays.equals(l.raw(), surrogate)).raw());
    }

    @Test
    void idsAndNamesAreLimitedTo256Bytes() throws Exception {
        InferenceEvent atLimit = InferenceEvent.newBuilder(TestEvents.inference("names", 1, "pi5-07"))
                .setTestId("t".repeat(256)).build();
        InferenceEvent overLimit = InferenceEvent.newBuilder(TestEvents.inference("names", 2, "pi5-07"))
                .setTestId("t".repeat(300_000)).build();
        InferenceEvent longModel = InferenceEvent.newBuilder(TestEvents.inference("names", 3, "pi5-07"))
                .setModelName("é".repeat(129)).build();
        HttpResponse<String> response = post("/v1/inference", token, String.join("\n", text(atLimit), text(overLimit), text(longModel)));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertEquals("accepted", results.get(0).get("status").asText(), results.toString());
        assertEquals("rejected", results.get(1).get("status").asText());
        assertTrue(results.get(1).get("reason").asText().contains("test_id is 300000 bytes of UTF-8; at most 256 allowed"),
                results.toString());
        assertTrue(results.get(2).get("reason").asText().contains("model_name is 258 bytes of UTF-8; at most 256 allowed"),
                results.toString());
        deadLetter(l -> l.reason().contains("model_name is 258 bytes"));
    }

    @Test
    void anArrayElementThatIsNoObjectKeepsItsExactBytesInItsDeadLetter() throws Exception {
        String valid = text(TestEvents.inference("elements", 1, "pi5-07"));
        String body = "[" + valid + ", \"a string, \\\"quoted\\\" [sic]\" , 4242.5e1 ,true,[1, {\"x\": 2}]]";
        HttpResponse<String> response = post("/v1/inference", token, body);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode bodyJson = JSON.readTree(response.body());
        assertEquals(1, bodyJson.get("accepted").asInt());
        assertEquals(4, bodyJson.get("rejected").asInt());
        for (String element : List.of("\"a string, \\\"quoted\\\" [sic]\"", "4242.5e1", "[1, {\"x\": 2}]")) {
            byte[] sent = element.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(sent, deadLetter(l -> Arrays.equals(l.raw(), sent)).raw(), element);
        }
    }

    @Test
    void aRunIsWrittenOnlyByTheDeviceThatStartedItOrByACiToken() throws Exception {
        String run = "owned-" + System.nanoTime();
        assertEquals(200, post("/v1/run", token, runEvent(run, "STARTED", 0)).statusCode());

        InferenceEvent intruder = InferenceEvent.newBuilder(TestEvents.inference("intruder", 1, "pi5-08")).setRunId(run).build();
        HttpResponse<String> refused = post("/v1/inference", otherDeviceToken, text(intruder));
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("run '" + run + "' was started by another token"), refused.body());
        HttpResponse<String> finish = post("/v1/run", otherDeviceToken, runEvent(run, "FINISHED", 1));
        assertEquals(403, finish.statusCode(), finish.body());

        InferenceEvent own = InferenceEvent.newBuilder(TestEvents.inference("owner", 1, "pi5-07")).setRunId(run).build();
        assertAccepted(post("/v1/inference", token, text(own)));
        InferenceEvent fromCi = InferenceEvent.newBuilder(TestEvents.inference("ci", 1, "pi5-08")).setRunId(run).build();
        assertAccepted(post("/v1/inference", ciToken, text(fromCi)));
        assertAccepted(post("/v1/run", ciToken, runEvent(run, "FINISHED", 2)));

        // A run the CI token started is the CI's: a device token may not write it either.
        String ciRun = "ci-owned-" + System.nanoTime();
        assertAccepted(post("/v1/run", ciToken, runEvent(ciRun, "STARTED", 3)));
        assertEquals(403, post("/v1/run", token, runEvent(ciRun, "FINISHED", 4)).statusCode());
        // Another device's new run is its own.
        assertAccepted(post("/v1/run", otherDeviceToken, runEvent("pi5-08-" + System.nanoTime(), "STARTED", 5)));
    }

    private static void assertAccepted(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(0, JSON.readTree(response.body()).get("rejected").asInt(), response.body());
    }

    private static String runEvent(String run, String phase, int i) {
        return "{\"event_id\": \"" + TestEvents.eventId(run, i) + "\", \"event_time\": 1767225600000, \"run_id\": \""
                + run + "\", \"phase\": \"" + phase + "\", \"trigger\": \"MANUAL\"}";
    }

    /** A valid event's JSON whose test_id holds {@code bytes} as they are (valid UTF-8 or not). */
    private static byte[] withTestId(String series, byte[] bytes) {
        String json = text(InferenceEvent.newBuilder(TestEvents.inference(series, 1, "pi5-07")).setTestId("@@").build());
        int at = json.indexOf("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(json.substring(at + 2).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static DeadLetter deadLetter(java.util.function.Predicate<DeadLetter> which) {
        return TopicReader.readUntil(broker.bootstrapServers(), Topics.DEAD_LETTER, Duration.ofSeconds(20),
                        read -> read.stream().map(r -> DeadLetter.fromJson(r.value())).anyMatch(which))
                .stream().map(r -> DeadLetter.fromJson(r.value())).filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("no such dead letter"));
    }

    private static boolean isFromMixedBatch(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8).contains("mixed") || new String(record.value(),
                StandardCharsets.UTF_8).contains("5d7b2a1e-0000-4000-8000-000000000001");
    }

    static HttpResponse<String> post(String path, String bearer, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postBytes(String path, String bearer, String encoding, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Encoding", encoding).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> identity(String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/v1/identity")).header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + collector.port() + path);
    }

    static String text(InferenceEvent event) {
        return new String(CODEC.encodeJson(event), StandardCharsets.UTF_8);
    }

    static String jsonArray(List<InferenceEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) out.write(',');
            out.writeBytes(CODEC.encodeJson(events.get(i)));
        }
        out.write(']');
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        return CODEC.decode(record.value()) instanceof dev.parallax.codec.DecodeResult.Accepted<InferenceEvent>(var e)
                ? e.getEventId() : "";
    }

    private static Set<String> idsOf(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(CollectorTest::eventId).collect(Collectors.toSet());
    }
}
