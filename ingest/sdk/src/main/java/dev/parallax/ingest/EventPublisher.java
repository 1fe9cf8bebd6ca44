package dev.parallax.ingest;

import dev.parallax.codec.EventCodec;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.ingest.spool.FsyncPolicy;
import dev.parallax.ingest.spool.Spool;
import dev.parallax.ingest.spool.SpoolEntry;
import dev.parallax.ingest.spool.SpoolPosition;
import dev.parallax.ingest.spool.SpoolSlots;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one way events leave a JVM test runner: Avro single-object records on the SPEC §11 input topics, through an
 * idempotent, batching, compressing Kafka producer ({@code acks=all}).
 *
 * <p>{@link #publish} validates and encodes on the caller's thread and hands the record over; it blocks at most
 * {@code maxBlock} (default 1 s), once per outage, while the producer finds out that Kafka is gone. Records that
 * Kafka cannot take go to a bounded on-disk {@link Spool}; while the spool holds anything, new records queue behind
 * them there, and a background thread replays the spool in order as soon as Kafka answers again. The spool directory
 * is shared by the processes of an installation ({@link SpoolSlots}): each publisher claims a free slot of it, and
 * first replays the slots that ended processes left behind, whatever process that was. A record is only removed from the spool once Kafka has acknowledged it, so a
 * crash during a replay sends some records twice: harmless, since {@code event_id} is the key of every derived
 * fact. What a crash does lose are records still in the producer's memory (not yet acknowledged, not yet spooled):
 * at most {@code linger} plus one round trip's worth while Kafka is up; {@link #close} spools them.
 *
 * <p>Records are keyed by {@code device_id} (inference events and device samples) or {@code run_id} (run events),
 * so a device's events stay in order in one partition, which throttle episodes downstream depend on.
 */
public final class EventPublisher implements EventSink, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventPublisher.class.getName());
    private static final int REPLAY_BATCH = 2_000;
    private static final Duration REPLAY_BACKOFF = Duration.ofMillis(500);

    private final EventCodec<InferenceEvent> inferenceCodec = EventCodec.inference();
    private final EventCodec<DeviceSample> deviceCodec = EventCodec.deviceSample();
    private final EventCodec<RunEvent> runCodec = EventCodec.run();

    private final Producer<String, byte[]> producer;
    private final String bootstrapServers;
    /** This publisher's slot: where its own records wait. */
    private final Spool spool;
    /** Slots left by ended processes, replayed before {@link #spool}, closed (released) once drained. */
    private final List<Spool> leftovers;
    private final Duration deliveryTimeout;
    private final Duration closeTimeout;
    private final Thread replayer;

    private final LongAdder sent = new LongAdder();
    private final LongAdder spooled = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** Records handed to the producer on the direct path whose outcome is not known yet. */
    private final AtomicLong pending = new AtomicLong();

    /** False from the first failure until the spool has been replayed: records then go to the spool, in order. */
    private volatile boolean online;
    /** True from a failed replay until one gets through. */
    private volatile boolean kafkaDown;
    private volatile boolean closing;
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition spoolChanged = wakeLock.newCondition();

    private EventPublisher(Builder builder) {
        SpoolSlots slots = new SpoolSlots(builder.spoolDir, builder.spoolMaxBytes, builder.spoolSegmentBytes, builder.fsync);
        this.spool = slots.claim();
        this.leftovers = new CopyOnWriteArrayList<>(slots.claimLeftovers(spool));
        this.deliveryTimeout = builder.deliveryTimeout;
        this.closeTimeout = builder.closeTimeout;
        this.bootstrapServers = builder.kafka.bootstrapServers();
        this.producer = openProducer(builder);
        this.online = spoolsEmpty();
        if (!online) {
            LOG.log(System.Logger.Level.INFO, "spool {0} holds {1} bytes from an earlier run; replaying them first",
                    slots.root(), spoolBytes());
        }
        this.replayer = new Thread(this::replayLoop, "parallax-spool-replay");
        replayer.setDaemon(true);
        replayer.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A publisher configured from {@link ParallaxConfig}: {@code kafka.bootstrap} and {@code kafka.client.*},
     * {@code publisher.spool.dir}
     * (default {@code $PARALLAX_HOME/spool/<name>}), {@code publisher.spool.max.bytes} (256 MiB),
     * {@code publisher.fsync} ({@code always}, {@code never} or a period in ms; default 1000),
     * {@code publisher.compression} ({@link #defaultCompression()}), {@code publisher.max.block.ms} (1000),
     * {@code publisher.delivery.timeout.ms}
     * (30000) and {@code publisher.close.timeout.ms} (10000).
     *
     * @param name names the spool directory; the processes sharing it each claim a slot of it
     */
    public static EventPublisher fromConfig(ParallaxConfig config, String name) {
        Builder defaults = builder();
        Builder builder = builder()
                .kafka(KafkaClientSettings.from(config))
                .spoolDir(Path.of(config.get("publisher.spool.dir", config.home().resolve("spool").resolve(name).toString())))
                .spoolMaxBytes(config.getLong("publisher.spool.max.bytes", Builder.DEFAULT_SPOOL_BYTES))
                .fsync(FsyncPolicy.parse(config.get("publisher.fsync", "1000")))
                .compression(config.get("publisher.compression", defaults.compression))
                .maxBlock(Duration.ofMillis(config.getLong("publisher.max.block.ms", defaults.maxBlock.toMillis())))
                .deliveryTimeout(Duration.ofMillis(config.getLong("publisher.delivery.timeout.ms", defaults.deliveryTimeout.toMillis())))
                .closeTimeout(Duration.ofMillis(config.getLong("publisher.close.timeout.ms", defaults.closeTimeout.toMillis())));
        return builder.build();
    }

    /**
     * lz4, Kafka's quick codec, unless loading its native library would make this JVM warn: from JDK 24 on, a JVM not
     * started with {@code --enable-native-access} for the library's module prints a warning when it loads one
     * (a test run is to stay quiet, issue 18). Then gzip, which is pure Java.
     */
    public static String defaultCompression() {
        return DefaultCompression.CODEC;
    }

    /** Worked out once per JVM: the answer cannot change while it runs. */
    private static final class DefaultCompression {
        static final String CODEC = choose();

        private static String choose() {
            if (Runtime.version().feature() < 24) return "lz4";
            try {
                // Module.isNativeAccessEnabled is Java 22+; the SDK is built for 17, hence reflection.
                Object enabled = Module.class.getMethod("isNativeAccessEnabled").invoke(ProducerConfig.class.getModule());
                return Boolean.TRUE.equals(enabled) ? "lz4" : "gzip";
            } catch (ReflectiveOperationException e) {
                return "gzip";
            }
        }
    }

    /** @throws IllegalArgumentException when the event breaks a rule of SPEC §2 (a bug in the runner) */
    @Override
    public void publish(InferenceEvent event) {
        route(encode(inferenceCodec, event, event.getEventId(), event.getDeviceId()));
    }

    /** @throws IllegalArgumentException when the sample breaks a rule of SPEC §2 */
    @Override
    public void publish(DeviceSample sample) {
        route(encode(deviceCodec, sample, sample.getEventId(), sample.getDeviceId()));
    }

    /** @throws IllegalArgumentException when the run event breaks a rule of SPEC §2 */
    @Override
    public void publish(RunEvent run) {
        route(encode(runCodec, run, run.getEventId(), run.getRunId()));
    }

    /**
     * Waits until every record published so far is acknowledged by Kafka, spool included.
     *
     * @return false when that did not happen within {@code timeout} (the rest stays safe in the spool)
     */
    public boolean flush(Duration timeout) {
        producer.flush();
        return awaitDelivered(timeout, false);
    }

    /** With {@code giveUpWhenDown}, false as soon as a replay has found Kafka down. */
    private boolean awaitDelivered(Duration timeout, boolean giveUpWhenDown) {
        long deadline = System.nanoTime() + timeout.toNanos();
        wake();
        // Online too: the replayer goes online just after the spool empties, and a caller may check isOnline next.
        while (pending.get() > 0 || !spoolsEmpty() || !online) {
            if (System.nanoTime() >= deadline || (giveUpWhenDown && knownDown())) return false;
            sleep(Duration.ofMillis(5));
        }
        return true;
    }

    public PublisherCounters counters() {
        return new PublisherCounters(sent.sum(), spooled.sum(), replayed.sum(), dropped.sum(), failed.sum(), spoolBytes());
    }

    /** The Kafka brokers this publisher sends to, for messages. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** True while records go straight to Kafka; false while Kafka is unreachable or the spool is being replayed. */
    public boolean isOnline() {
        return online;
    }

    /**
     * Flushes for up to the close timeout, then stops: whatever Kafka has not acknowledged by then is in the spool
     * and is replayed by the next publisher opened on the same directory. It stops waiting as soon as a replay finds
     * Kafka down.
     */
    @Override
    public void close() {
        if (closing) return;
        boolean flushed = awaitDelivered(closeTimeout, true);
        closing = true;
        wake();
        // With Kafka down a replay in progress would wait out its delivery timeout: fail its records now instead.
        if (knownDown()) producer.close(Duration.ZERO);
        try {
            replayer.join(deliveryTimeout.plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Records still in the producer fail now, and their callbacks move them to the spool (still open).
        producer.close(Duration.ZERO);
        spool.close();
        leftovers.forEach(Spool::close);
        PublisherCounters counters = counters();
        if (!flushed || counters.spoolBytes() > 0) {
            LOG.log(System.Logger.Level.WARNING, "closed with {0} bytes in spool {1}; they are sent by the next"
                    + " publisher on that directory ({2})", counters.spoolBytes(), spool.directory().getParent(), counters);
        }
    }

    private <T extends SpecificRecord> OutboundRecord encode(EventCodec<T> codec, T event, String eventId, String key) {
        Objects.requireNonNull(event, "event");
        codec.validate(event).ifPresent(reason -> {
            throw new IllegalArgumentException("invalid " + codec.kind() + " " + eventId + ": " + reason);
        });
        return new OutboundRecord(codec.kind().topic(), key, codec.encodeAvro(event));
    }

    private void route(OutboundRecord record) {
        if (closing) throw new IllegalStateException("publisher is closed");
        if (online) {
            try {
                pending.incrementAndGet();
                producer.send(record.toProducerRecord(), (metadata, error) -> onDirectResult(record, error));
                return;
            } catch (KafkaException | IllegalStateException e) {
                // No metadata within max.block.ms or buffer exhausted: Kafka is away. The callback did not run.
                pending.decrementAndGet();
                goOffline(e);
            }
        }
        toSpool(record);
    }

    private void onDirectResult(OutboundRecord record, Exception error) {
        try {
            if (error == null) {
                sent.increment();
            } else if (isPermanent(error)) {
                refuse(record, error);
            } else {
                goOffline(error);
                toSpool(record);
            }
        } finally {
            pending.decrementAndGet();
        }
    }

    private void toSpool(OutboundRecord record) {
        if (spool.append(record.toBytes())) {
            spooled.increment();
            wake();
            return;
        }
        dropped.increment();
        long total = dropped.sum();
        if (total == 1 || Long.bitCount(total) == 1) { // 1, 2, 4, 8...: loud without flooding the log
            LOG.log(System.Logger.Level.ERROR, "SPOOL FULL: dropped {0} event(s) so far; spool {1} holds {2} of {3}"
                    + " bytes while Kafka is unreachable. Raise publisher.spool.max.bytes or restore Kafka.",
                    total, spool.directory(), spool.bytes(), spool.maxBytes());
        }
    }

    private void refuse(OutboundRecord record, Exception error) {
        failed.increment();
        LOG.log(System.Logger.Level.ERROR, "Kafka refused {0} for good: {1}", record, error.toString());
    }

    private void goOffline(Exception cause) {
        if (online) {
            online = false;
            LOG.log(System.Logger.Level.WARNING, "Kafka at {0} did not take an event ({1}); spooling events to {2}"
                    + " until it does", bootstrapServers, cause.toString(), spool.directory());
        }
    }

    private void goOnlineIfReplayed() {
        if (!online && spoolsEmpty()) {
            online = true;
            LOG.log(System.Logger.Level.INFO, "spool replayed; sending directly again");
        }
    }

    private void replayLoop() {
        ReplayBatch batch = null;
        while (!closing) {
            if (batch == null) {
                Spool source = leftovers.isEmpty() ? spool : leftovers.get(0);
                List<SpoolEntry> entries = source.read(REPLAY_BATCH);
                if (entries.isEmpty() && source != spool) {
                    leftovers.remove(source);
                    source.close(); // drained: free for any process to claim
                    continue;
                }
                if (entries.isEmpty()) {
                    goOnlineIfReplayed();
                    awaitSpoolChange(Duration.ofSeconds(1));
                    continue;
                }
                batch = new ReplayBatch(source, entries);
            }
            if (batch.sendUnacknowledged()) {
                replayed.add(batch.size()); // before the commit, so that a flush that sees the spool empty sees this too
                batch.commit();
                batch = null;
                kafkaDown = false;
            } else if (!closing) {
                kafkaDown = true;
                sleep(REPLAY_BACKOFF);
            }
        }
    }

    /**
     * Spooled records being replayed. A retry resends only the records Kafka has not acknowledged yet, so an
     * outage that ends in the middle of a replay does not duplicate the part that got through.
     */
    private final class ReplayBatch {

        private final Spool source;
        private final SpoolPosition end;
        private final OutboundRecord[] records;
        private final boolean[] done;
        private int remaining;

        ReplayBatch(Spool source, List<SpoolEntry> entries) {
            this.source = source;
            this.end = entries.get(entries.size() - 1).next();
            this.records = entries.stream().map(e -> OutboundRecord.fromBytes(e.payload())).toArray(OutboundRecord[]::new);
            this.done = new boolean[records.length];
            this.remaining = records.length;
        }

        int size() {
            return records.length;
        }

        /** Marks the batch consumed in its spool: a later replay, by any process, does not send it again. */
        void commit() {
            source.commit(end);
        }

        /** Sends what is not acknowledged yet, in spool order, and waits; true once every record is done. */
        boolean sendUnacknowledged() {
            List<Integer> indexes = new ArrayList<>();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            try {
                for (int i = 0; i < records.length; i++) {
                    if (done[i]) continue;
                    acks.add(producer.send(records[i].toProducerRecord()));
                    indexes.add(i);
                }
            } catch (KafkaException | IllegalStateException e) {
                // No metadata: Kafka is still away. What was handed over is awaited all the same.
            }
            long deadline = System.nanoTime() + deliveryTimeout.plusSeconds(5).toNanos();
            for (int k = 0; k < acks.size(); k++) {
                int i = indexes.get(k);
                try {
                    acks.get(k).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    markDone(i);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception cause && isPermanent(cause)) {
                        refuse(records[i], cause);
                        markDone(i);
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    // left for the next attempt
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return remaining == 0;
        }

        private void markDone(int i) {
            done[i] = true;
            remaining--;
        }
    }

    /**
     * Kafka is down for sure, and {@link #close} need not wait for it: a replay failed and the producer holds no
     * connection to a broker. A loaded machine's slow answers fail a replay too, but over a connection.
     */
    private boolean knownDown() {
        return kafkaDown && producer.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("connection-count") && m.getKey().group().equals("producer-metrics"))
                .noneMatch(m -> m.getValue().metricValue() instanceof Double count && count > 0);
    }

    private boolean spoolsEmpty() {
        return spool.isEmpty() && leftovers.stream().allMatch(Spool::isEmpty);
    }

    private long spoolBytes() {
        return spool.bytes() + leftovers.stream().mapToLong(Spool::bytes).sum();
    }

    /** Errors no retry can fix: the record itself is unacceptable to Kafka. */
    private static boolean isPermanent(Exception error) {
        return error instanceof RecordTooLargeException || error instanceof InvalidTopicException;
    }

    private void wake() {
        wakeLock.lock();
        try {
            spoolChanged.signalAll();
        } finally {
            wakeLock.unlock();
        }
    }

    private void awaitSpoolChange(Duration timeout) {
        wakeLock.lock();
        try {
            spoolChanged.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wakeLock.unlock();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An unresolvable or malformed address fails here, and the message names it. */
    private Producer<String, byte[]> openProducer(Builder builder) {
        try {
            return new KafkaProducer<>(producerConfig(builder), new StringSerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            spool.close();
            leftovers.forEach(Spool::close);
            throw new IllegalStateException("cannot create a Kafka producer for bootstrap servers '" + bootstrapServers
                    + "' (kafka.bootstrap): " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> producerConfig(Builder builder) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, builder.compression);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) builder.maxBlock.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(10_000, builder.deliveryTimeout.toMillis() / 2));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) builder.deliveryTimeout.toMillis());
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.putAll(builder.producerOverrides);
        return builder.kafka.configFor("event publisher", config);
    }

    public static final class Builder {

        static final long DEFAULT_SPOOL_BYTES = 256L << 20;

        private KafkaClientSettings kafka = KafkaClientSettings.of("127.0.0.1:9092");
        private Path spoolDir;
        private long spoolMaxBytes = DEFAULT_SPOOL_BYTES;
        private long spoolSegmentBytes = 8L << 20;
        private FsyncPolicy fsync = FsyncPolicy.interval(Duration.ofSeconds(1));
        private String compression = defaultCompression();
        // The first send of a fresh producer fetches metadata: 500 ms proved too short on a loaded machine.
        private Duration maxBlock = Duration.ofSeconds(1);
        private Duration deliveryTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private final Map<String, Object> producerOverrides = new HashMap<>();

        private Builder() {
        }

        /** Brokers reached with Kafka's defaults (plaintext, no authentication). */
        public Builder bootstrapServers(String bootstrapServers) {
            return kafka(KafkaClientSettings.of(bootstrapServers));
        }

        /** Brokers and client properties, such as the security settings of a secured cluster. */
        public Builder kafka(KafkaClientSettings kafka) {
            this.kafka = Objects.requireNonNull(kafka);
            return this;
        }

        /** Required: the spool directory, shared by the processes of an installation (each claims a slot of it). */
        public Builder spoolDir(Path spoolDir) {
            this.spoolDir = spoolDir;
            return this;
        }

        /** Most bytes the spool may hold (default 256 MiB); beyond it events are dropped, loudly. */
        public Builder spoolMaxBytes(long spoolMaxBytes) {
            this.spoolMaxBytes = spoolMaxBytes;
            this.spoolSegmentBytes = Math.min(spoolSegmentBytes, Math.max(1024, spoolMaxBytes / 4));
            return this;
        }

        /** Default: fsync at most once a second. */
        public Builder fsync(FsyncPolicy fsync) {
            this.fsync = Objects.requireNonNull(fsync);
            return this;
        }

        /** Kafka compression codec: lz4, zstd, snappy, gzip or none; default {@link #defaultCompression()}. */
        public Builder compression(String compression) {
            this.compression = Objects.requireNonNull(compression);
            return this;
        }

        /** Longest a {@code publish} call waits for Kafka metadata or buffer space before spooling (default 1 s). */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = Objects.requireNonNull(maxBlock);
            return this;
        }

        /** How long the producer retries a record before it goes to the spool (default 30 s). */
        public Builder deliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = Objects.requireNonNull(deliveryTimeout);
            return this;
        }

        /** How long {@link #close} tries to deliver before leaving the rest in the spool (default 10 s). */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = Objects.requireNonNull(closeTimeout);
            return this;
        }

        /** Any other Kafka producer setting. */
        public Builder producerConfig(String key, Object value) {
            producerOverrides.put(key, value);
            return this;
        }

        public EventPublisher build() {
            if (spoolDir == null) throw new IllegalStateException("spoolDir is required");
            return new EventPublisher(this);
        }
    }
}
