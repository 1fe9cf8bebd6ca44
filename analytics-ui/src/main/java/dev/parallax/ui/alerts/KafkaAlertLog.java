package dev.parallax.ui.alerts;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code parallax.alerts.v1}, keyed by alert id so that one alert's events stay in order on one partition. An
 * idempotent producer with {@code acks=all}: an append returns only once the broker has every record.
 */
public final class KafkaAlertLog implements AlertLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAlertLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Object> consumerConfig;

    public KafkaAlertLog(KafkaClientSettings kafka) {
        this(kafka, Topics.ALERTS);
    }

    KafkaAlertLog(KafkaClientSettings kafka, String topic) {
        this.topic = topic;
        producer = new KafkaProducer<>(kafka.configFor("alert log's producer", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis() - 1000),
                ProducerConfig.LINGER_MS_CONFIG, "0")), new StringSerializer(), new ByteArraySerializer());
        consumerConfig = kafka.configFor("alert log's reader", Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis())));
    }

    @Override
    public void append(List<AlertRecord> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (AlertRecord r : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, r.row().alertId(), r.toJson())));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing alert events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish alert events to " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the topic from the beginning up to its end at the time of the call. Records are ordered by event time
     * (then version): the order within an alert is its partition's, but a rule's next alert may sit on another.
     */
    @Override
    public List<AlertRecord> readAll() {
        List<AlertRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos() * 4;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic + " to its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        records.add(AlertRecord.fromJson(r.value()));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("skipping {}/{}/{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
            }
        }
        records.sort(Comparator.comparing((AlertRecord r) -> r.event().at())
                .thenComparingLong(r -> r.row().version()));
        return records;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
