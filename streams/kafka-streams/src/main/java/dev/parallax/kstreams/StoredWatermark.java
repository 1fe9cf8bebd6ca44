package dev.parallax.kstreams;

import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's own event-time watermark, the largest event time it has seen, kept in one of its changelogged
 * stores: it survives restarts, and neither a producer's clock nor another input partition can move it (unlike
 * the task's stream time, which a TopologyTestDriver even shares between sub-topologies).
 */
final class StoredWatermark {

    /** Sorts before every other key (all are at least one byte), so range scans over the store skip it. */
    static final Bytes KEY = Bytes.wrap(new byte[0]);

    private final KeyValueStore<Bytes, byte[]> store;

    StoredWatermark(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** The watermark; {@link Long#MIN_VALUE} before the first event. */
    long get() {
        byte[] value = store.get(KEY);
        return value == null ? Long.MIN_VALUE : ByteBuffer.wrap(value).getLong();
    }

    /** Moves the watermark to {@code eventTime} if that is later; returns the watermark after. */
    long advance(long eventTime) {
        long watermark = get();
        if (eventTime <= watermark) return watermark;
        store.put(KEY, ByteBuffer.allocate(Long.BYTES).putLong(eventTime).array());
        return eventTime;
    }
}
