package dev.parallax.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.ingest.testing.TestEvents;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.schema.InferenceEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher against a plain kafka-clients producer with the same settings sending the same records (Avro
 * encoding included) to the same broker, alternating, best of three rounds each.
 */
@Tag("benchmark")
class PublisherBenchmarkTest {

    private static final int EVENTS = 200_000;
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    @Test
    void publisherThroughputAgainstAPlainProducer() {
        List<InferenceEvent> events = IntStream.range(0, EVENTS)
                .mapToObj(i -> TestEvents.inference("bench", i, "pi5-%02d".formatted(i % 12))).toList();
        EventCodec<InferenceEvent> codec = EventCodec.inference();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build().start()) {
            double bestPlain = 0, bestPublisher = 0;
            for (int round = 0; round < ROUNDS; round++) {
                bestPlain = Math.max(bestPlain, plain(broker.bootstrapServers(), codec, events));
                bestPublisher = Math.max(bestPublisher, publisher(broker.bootstrapServers(), events, round));
            }
            System.out.printf("%nBENCHMARK publisher: %,d events of ~%d bytes, 3 partitions, acks=all, idempotent, lz4%n",
                    EVENTS, codec.encodeAvro(events.getFirst()).length);
            System.out.printf("  plain kafka-clients producer: %,.0f events/s%n", bestPlain);
            System.out.printf("  EventPublisher:               %,.0f events/s%n", bestPublisher);
            System.out.printf("  ratio:                        %.2f%n%n", bestPublisher / bestPlain);
        }
    }

    private static double plain(String bootstrap, EventCodec<InferenceEvent> codec, List<InferenceEvent> events) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(Topics.INFERENCE); // metadata outside the timing, as for the publisher
            long started = System.nanoTime();
            for (InferenceEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.INFERENCE, event.getDeviceId(), codec.encodeAvro(event)));
            }
            producer.flush();
            return events.size() / ((System.nanoTime() - started) / 1e9);
        }
    }

    private double publisher(String bootstrap, List<InferenceEvent> events, int round) {
        try (EventPublisher publisher = EventPublisher.builder().bootstrapServers(bootstrap)
                .spoolDir(tmp.resolve("spool-" + round)).build()) {
            publisher.flush(Duration.ofSeconds(10)); // let the producer fetch metadata outside the timing
            publisher.publish(events.getFirst());
            assertTrue(publisher.flush(Duration.ofSeconds(30)));
            long started = System.nanoTime();
            for (InferenceEvent event : events) publisher.publish(event);
            assertTrue(publisher.flush(Duration.ofSeconds(60)));
            double rate = events.size() / ((System.nanoTime() - started) / 1e9);
            assertEquals(0, publisher.counters().spooled(), "a benchmark that spooled measured the wrong thing");
            return rate;
        }
    }
}
