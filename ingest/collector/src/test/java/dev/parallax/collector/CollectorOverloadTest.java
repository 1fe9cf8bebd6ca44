package dev.parallax.collector;

import dev.parallax.process.LocalPorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.ingest.testing.TestEvents;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.JvmProcess;
import dev.parallax.schema.InferenceEvent;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients pushing large batches at once into a collector with a small heap: it turns the excess away with 429
 * and Retry-After instead of buffering it, and stays up.
 */
class CollectorOverloadTest {

    private static final int CLIENTS = 32;

    @TempDir
    Path tmp;

    @Test
    void overloadAnswers429AndTheCollectorStaysUp() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build().start();
        int port = LocalPorts.free();
        Path log = tmp.resolve("collector.log");
        // 32 clients x ~1 MiB = 32 MiB of bodies against a 48 MiB heap: only the in-flight bound (3 MiB) keeps it alive.
        JvmProcess process = CollectorJvm.builder(tmp, broker, port, "overload-test-token")
                .jvmArgs("-Xmx48m", "-XX:+ExitOnOutOfMemoryError")
                .env("PARALLAX_COLLECTOR_MAX_REQUEST_BYTES", String.valueOf(2 << 20))
                .env("PARALLAX_COLLECTOR_MAX_INFLIGHT_BYTES", String.valueOf(3 << 20))
                .start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            CollectorJvm.awaitHealthy(http, port);

            byte[] batch = batchOfAbout(1 << 20);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/inference"))
                    .header("Authorization", "Bearer overload-test-token")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build();
            List<HttpResponse<String>> responses = IntStream.range(0, CLIENTS)
                    .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                    .toList().stream().map(CompletableFuture::join).toList();

            Map<Integer, Long> byStatus = responses.stream()
                    .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
            assertTrue(byStatus.getOrDefault(429, 0L) > 0, "some requests turned away: " + byStatus);
            assertTrue(byStatus.getOrDefault(200, 0L) > 0, "some requests served: " + byStatus);
            assertEquals(CLIENTS, byStatus.getOrDefault(200, 0L) + byStatus.getOrDefault(429, 0L), "only 200 or 429: " + byStatus);
            responses.stream().filter(r -> r.statusCode() == 429)
                    .forEach(r -> assertEquals("1", r.headers().firstValue("Retry-After").orElse(null)));

            assertTrue(process.isAlive(), Files.readString(log));
            assertEquals(200, CollectorJvm.health(http, port).statusCode());
            assertTrue(!Files.readString(log).contains("OutOfMemoryError"), Files.readString(log));
        } finally {
            process.stop(Duration.ofSeconds(5));
            broker.stop();
        }
    }

    private static byte[] batchOfAbout(int bytes) {
        EventCodec<InferenceEvent> codec = EventCodec.inference();
        List<Float> logits = IntStream.range(0, 200).mapToObj(i -> (float) Math.sin(i)).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 4096);
        out.write('[');
        Function<Integer, InferenceEvent> event = i -> InferenceEvent.newBuilder(TestEvents.inference("overload", i, "pi5-07"))
                .setOutputs(logits).build();
        for (int i = 0; out.size() < bytes; i++) {
            if (i > 0) out.write(',');
            out.writeBytes(codec.encodeJson(event.apply(i)));
        }
        out.write(']');
        return out.toByteArray();
    }

}
