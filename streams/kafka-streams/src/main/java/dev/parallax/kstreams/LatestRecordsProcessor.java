package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.streams.records.DerivedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Records of a topic whose newer record of a key replaces the older (an episode's versions, see
 * {@link dev.parallax.streams.records.KeyedStateAnalytic#replacingTopic}): they wait in a changelogged store by
 * key, where a newer one replaces the older, and go out together once per {@code emitInterval}; records of
 * other topics pass at once. Output stays
 * bounded during a replay, and a record stored just before a commit and a crash is still written after the
 * restart.
 */
final class LatestRecordsProcessor<K> implements Processor<K, DerivedRecord, String, DerivedRecord> {

    private static final int PENDING_TAG = 0x70;
    /** Version 2 holds the value alone; version 1, still read, also held the episode's start as its timestamp. */
    private static final int PENDING_VERSION = 2;

    private final String topic;
    private final String pendingStore;
    private final Duration emitInterval;
    private ProcessorContext<String, DerivedRecord> context;
    private KeyValueStore<Bytes, byte[]> pending;

    /** @param topic the topic whose records replace earlier ones of the same key */
    LatestRecordsProcessor(String topic, String pendingStore, Duration emitInterval) {
        this.topic = topic;
        this.pendingStore = pendingStore;
        this.emitInterval = emitInterval;
    }

    @Override
    public void init(ProcessorContext<String, DerivedRecord> context) {
        this.context = context;
        this.pending = context.getStateStore(pendingStore);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitPending());
    }

    @Override
    public void process(Record<K, DerivedRecord> record) {
        DerivedRecord derived = record.value();
        if (!derived.topic().equals(topic)) {
            context.forward(record.withKey(derived.key()));
            return;
        }
        pending.put(Bytes.wrap(derived.key().getBytes(StandardCharsets.UTF_8)),
                new StateWriter(PENDING_TAG, PENDING_VERSION).writeBytes(derived.value()).toByteArray());
    }

    private void emitPending() {
        // Stamped with the wall clock, which the broker accepts whatever the device's clock said.
        long now = context.currentSystemTimeMs();
        List<Bytes> emitted = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> rows = pending.all()) {
            while (rows.hasNext()) {
                KeyValue<Bytes, byte[]> entry = rows.next();
                StateReader in = new StateReader(entry.value, PENDING_TAG, PENDING_VERSION, "pending record of " + topic);
                if (in.version() == 1) in.readSignedVarLong();
                String key = new String(entry.key.get(), StandardCharsets.UTF_8);
                context.forward(new Record<>(key, new DerivedRecord(topic, key, in.readBytes()), now));
                emitted.add(entry.key);
            }
        }
        emitted.forEach(pending::delete);
    }
}
