package dev.parallax.insights.alerts;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code parallax.alerts.v1}, keyed by alert id so that one alert's events stay in order on one partition. An
 * idempotent producer with {@code acks=all}: an append returns only once the broker has every record. The
 * evaluator's appends go through a transactional producer whose id is the same in every process, so a process
 * claiming the evaluation fences the one before it (Kafka aborts or completes its open transaction first and refuses
 * its later ones); readers read committed records only.
 */
public final class KafkaAlertLog implements AlertLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAlertLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final KafkaClientSettings kafka;
    private final Map<String, Object> producerSettings;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Object> consumerConfig;
    /** Set while this process is the evaluator; guarded by this. */
    private KafkaProducer<String, byte[]> evaluator;

    public KafkaAlertLog(KafkaClientSettings kafka) {
        this(kafka, Topics.ALERTS);
    }

    KafkaAlertLog(KafkaClientSettings kafka, String topic) {
        this.topic = topic;
        this.kafka = kafka;
        producerSettings = Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis() - 1000),
                ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(kafka.configFor("alert log's producer", producerSettings),
                new StringSerializer(), new ByteArraySerializer());
        consumerConfig = kafka.configFor("alert log's reader", Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis())));
    }

    /** The one transactional id of every evaluator of this topic: Kafka lets one producer per id commit at a time. */
    static String evaluatorId(String topic) {
        return "parallax-alert-evaluator-" + topic;
    }

    @Override
    public synchronized void claimEvaluation() {
        dropEvaluator();
        Map<String, Object> settings = new HashMap<>(producerSettings);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, evaluatorId(topic));
        KafkaProducer<String, byte[]> claimed = new KafkaProducer<>(kafka.configFor("alert evaluator", settings),
                new StringSerializer(), new ByteArraySerializer());
        try {
            claimed.initTransactions(); // fences the previous evaluator, waiting for its open transaction to end
        } catch (RuntimeException e) {
            claimed.close(Duration.ZERO);
            throw new IllegalStateException("cannot claim the alert evaluation on " + topic + ": " + e.getMessage(), e);
        }
        evaluator = claimed;
        LOG.info("this process evaluates the alert rules (transactional id {})", evaluatorId(topic));
    }

    @Override
    public synchronized void appendEvaluation(List<AlertRecord> records) {
        if (evaluator == null) {
            throw new IllegalStateException("this process has not claimed the alert evaluation (or lost it)");
        }
        try {
            evaluator.beginTransaction();
            for (AlertRecord r : records) {
                evaluator.send(new ProducerRecord<>(topic, r.row().alertId(), r.toJson()));
            }
            evaluator.commitTransaction();
        } catch (KafkaException e) {
            // Whether a failed transaction ended is unknown: the next claim aborts it if it is still open.
            dropEvaluator();
            if (fenced(e)) {
                throw new IllegalStateException("another process claimed the alert evaluation; these events were "
                        + "not appended: " + e.getMessage(), e);
            }
            throw new IllegalStateException("cannot publish alert events to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Kafka reports a fenced producer in the send, the flush or the commit, sometimes wrapped. */
    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) return true;
        }
        return false;
    }

    private void dropEvaluator() {
        if (evaluator != null) {
            evaluator.close(Duration.ZERO);
            evaluator = null;
        }
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
        KafkaConsumer<byte[], byte[]> consumer = reader();
        try {
            List<TopicPartition> partitions = partitions(consumer);
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
        } finally {
            closeNow(consumer);
        }
        records.sort(Comparator.comparing((AlertRecord r) -> r.event().at())
                .thenComparingLong(r -> r.row().version()));
        return records;
    }

    /**
     * A thread with its own reader from the topic's beginning (so no record falls between a rebuild and the start
     * of the follower; the receiver skips what it knows), waiting for Kafka when it is down; stops when the handle
     * closes.
     */
    @Override
    public AutoCloseable follow(Consumer<AlertRecord> each) {
        KafkaConsumer<byte[], byte[]> consumer = reader();
        AtomicBoolean following = new AtomicBoolean(true);
        Thread follower = Thread.ofPlatform().name("alert-log-follower").daemon().start(() -> {
            try {
                while (following.get()) {
                    try {
                        if (consumer.assignment().isEmpty()) {
                            List<TopicPartition> partitions = partitions(consumer);
                            if (partitions.isEmpty()) throw new IllegalStateException(topic + " does not exist yet");
                            consumer.assign(partitions);
                            consumer.seekToBeginning(partitions);
                        }
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            try {
                                each.accept(AlertRecord.fromJson(r.value()));
                            } catch (IllegalArgumentException e) {
                                LOG.warn("skipping {}/{}/{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                            }
                        }
                    } catch (WakeupException e) {
                        return; // closed
                    } catch (RuntimeException e) {
                        LOG.warn("alert log follower: {}; trying again in 2 s", e.toString());
                        Thread.sleep(2_000);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeNow(consumer);
            }
        });
        return () -> {
            following.set(false);
            consumer.wakeup();
            follower.join(Duration.ofSeconds(10));
        };
    }

    /** A reader of the topic from its beginning: in no group, committing nothing ({@link #closeNow}). */
    private KafkaConsumer<byte[], byte[]> reader() {
        return new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Closes a reader without waiting: it has fetched ahead, and a plain close waits for that fetch's answer, which
     * the broker holds up to fetch.max.wait.ms (500 ms) at the topic's end (most of every {@link #readAll}). A reader
     * belongs to no group and commits nothing, so there is nothing to wait for.
     */
    private static void closeNow(KafkaConsumer<byte[], byte[]> reader) {
        reader.close(CloseOptions.timeout(Duration.ZERO));
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        return consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    @Override
    public synchronized void close() {
        dropEvaluator();
        producer.close(Duration.ofSeconds(5));
    }
}
