package dev.parallax.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import dev.parallax.ingest.testing.TestEvents;
import dev.parallax.ingest.testing.TopicReader;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.schema.InferenceEvent;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
    static String token;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build().start();
        Path tokens = tmp.resolve("device-tokens.properties");
        token = DeviceTokens.issue(tokens, "pi5-07");
        DeviceTokens.issue(tokens, "pi5-08");
        collector = CollectorServer.start(new CollectorSettings("127.0.0.1", 0, broker.bootstrapServers(), tokens,
                Map.of(), 64 * 1024, 500, 1 << 20, 4, Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        collector.close();
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
                .setOutputs(IntStream.range(0, 20_000).mapToObj(i -> (float) i).toList()).build();
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

    private static boolean isFromMixedBatch(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8).contains("mixed") || new String(record.value(),
                StandardCharsets.UTF_8).contains("5d7b2a1e-0000-4000-8000-000000000001");
    }

    static HttpResponse<String> post(String path, String bearer, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
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
