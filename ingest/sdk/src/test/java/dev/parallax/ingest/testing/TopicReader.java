package dev.parallax.ingest.testing;

import dev.parallax.codec.DecodeResult;
import dev.parallax.codec.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with a real consumer, as the stream jobs will. */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * Every record of {@code topic}, polling until {@code done} holds for what was read or {@code timeout} passes
     * (then whatever was read is returned, for the assertion to explain).
     */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic, Duration timeout,
                                                                 Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads until at least {@code count} records are there. */
    public static List<ConsumerRecord<String, byte[]>> readAtLeast(String bootstrap, String topic, int count, Duration timeout) {
        return readUntil(bootstrap, topic, timeout, records -> records.size() >= count);
    }

    /** The events of {@code records}, failing on any the codec rejects. */
    public static <T extends SpecificRecord> List<T> decode(EventCodec<T> codec, List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> switch (codec.decode(r.value())) {
            case DecodeResult.Accepted<T>(T event) -> event;
            case DecodeResult.Rejected<T>(String reason) -> throw new AssertionError(reason);
        }).toList();
    }
}
