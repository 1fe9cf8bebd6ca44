package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How a {@link LiveStateStore} lays an operator state out in its persistent store: as one record under the
 * state's key, or as several, so that a commit rewrites only the parts that changed.
 *
 * @param <V> the operator state type
 */
interface StoredForm<V> {

    /** The state under {@code key}, or null when there is none. */
    V read(Bytes key, KeyValueStore<Bytes, byte[]> store);

    /** Writes what changed in {@code state} since it was last read or written. */
    void write(Bytes key, V state, KeyValueStore<Bytes, byte[]> store);

    void delete(Bytes key, KeyValueStore<Bytes, byte[]> store);

    /** The state encoded whole, under its key. */
    static <V> StoredForm<V> oneRecord(StateCodec<V> codec) {
        return new StoredForm<>() {
            @Override
            public V read(Bytes key, KeyValueStore<Bytes, byte[]> store) {
                byte[] stored = store.get(key);
                return stored == null ? null : codec.decode(stored);
            }

            @Override
            public void write(Bytes key, V state, KeyValueStore<Bytes, byte[]> store) {
                store.put(key, codec.encode(state));
            }

            @Override
            public void delete(Bytes key, KeyValueStore<Bytes, byte[]> store) {
                store.delete(key);
            }
        };
    }
}
