package dev.parallax.kstreams;

import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's own event-time watermark, the largest event time it has seen, kept in one of its changelogged
 * stores: it survives restarts, and neither a producer's clock nor another input partition can move it (unlike
 * the task's stream time, which a TopologyTestDriver even shares between sub-topologies).
 *
 * <p>It moves with almost every event, so it belongs in a store behind Kafka Streams' record cache, which
 * writes it to RocksDB and the changelog once per commit. Create it in the processor's {@code init}: it reads
 * the store once, then keeps the value in memory.
 */
final class StoredWatermark {

    /** Sorts before every other key (all are at least one byte), so range scans over the store skip it. */
    private static final Bytes KEY = Bytes.wrap(new byte[0]);
    /** The smallest key after {@link #KEY}. */
    private static final Bytes FIRST_OTHER_KEY = Bytes.wrap(new byte[] {0});

    private final KeyValueStore<Bytes, byte[]> store;
    private long value;

    StoredWatermark(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        byte[] stored = store.get(KEY);
        this.value = stored == null ? Long.MIN_VALUE : ByteBuffer.wrap(stored).getLong();
    }

    /** Every entry of {@code store} except a watermark. */
    static KeyValueIterator<Bytes, byte[]> entriesBesides(KeyValueStore<Bytes, byte[]> store) {
        return store.range(FIRST_OTHER_KEY, null);
    }

    /** The watermark; {@link Long#MIN_VALUE} before the first event. */
    long get() {
        return value;
    }

    /** Moves the watermark to {@code eventTime} if that is later; returns the watermark after. */
    long advance(long eventTime) {
        if (eventTime <= value) return value;
        value = eventTime;
        store.put(KEY, ByteBuffer.allocate(Long.BYTES).putLong(eventTime).array());
        return eventTime;
    }
}
