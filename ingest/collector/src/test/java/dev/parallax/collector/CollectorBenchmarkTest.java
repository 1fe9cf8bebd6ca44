package dev.parallax.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.codec.EventCodec;
import dev.parallax.ingest.testing.TestEvents;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.schema.InferenceEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collector throughput: clients posting JSON batches of 100 events, each answered after Kafka acknowledged it. */
@Tag("benchmark")
class CollectorBenchmarkTest {

    private static final int BATCH = 100;
    private static final int BATCHES = 1_500;
    private static final int CLIENTS = 8;

    @TempDir
    Path tmp;

    @Test
    void collectorEventsPerSecondAtBatchSize100() throws Exception {
        EventCodec<InferenceEvent> codec = EventCodec.inference();
        List<byte[]> bodies = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write('[');
            for (int i = 0; i < BATCH; i++) {
                if (i > 0) out.write(',');
                out.writeBytes(codec.encodeJson(TestEvents.inference("bench", b * BATCH + i, "pi5-07")));
            }
            out.write(']');
            bodies.add(out.toByteArray());
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build().start();
             CollectorServer collector = CollectorServer.start(CollectorSettings.of(broker.bootstrapServers(),
                     tmp.resolve("tokens"), Map.of("bench-token", "pi5-07")), new SimpleMeterRegistry());
             ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + collector.port() + "/v1/inference");
            post(http, uri, bodies.getFirst()); // warm-up: connections, metadata, JIT
            long started = System.nanoTime();
            List<Future<Integer>> statuses = new ArrayList<>();
            for (byte[] body : bodies) statuses.add(clients.submit(() -> post(http, uri, body)));
            for (Future<Integer> status : statuses) assertEquals(200, status.get());
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%nBENCHMARK collector: %,d batches of %d JSON events (~%d bytes each), %d clients%n",
                    BATCHES, BATCH, bodies.getFirst().length / BATCH, CLIENTS);
            System.out.printf("  %,.0f events/s (%,.0f requests/s), every batch acknowledged by Kafka%n%n",
                    BATCHES * BATCH / seconds, BATCHES / seconds);
        }
    }

    private static int post(HttpClient http, URI uri, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer bench-token")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
