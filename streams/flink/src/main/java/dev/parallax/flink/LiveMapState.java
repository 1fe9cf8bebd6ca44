package dev.parallax.flink;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;

/**
 * A keyed map state of values by a long (a key's windows by window start), kept as {@link LiveValueState} keeps one
 * value: as its codec's bytes in the backend and as live objects between checkpoints. An input decodes its window at
 * the window's first use after a checkpoint, and each window changed is encoded once, before the next barrier
 * ({@link #flush}). So on RocksDB an input costs no decode and encode of its window, and on the heap a checkpoint
 * encodes only the windows changed since the last one, not every window of the horizon.
 *
 * <p>Entries of checkpoints taken before this layout (the value itself under the state's name) are read and moved on
 * first use.
 *
 * @param <W> the value, mutable and updated in place
 */
final class LiveMapState<W> {

    private final MapState<Long, byte[]> encoded;
    private final MapState<Long, W> asObjects;
    private final StateCodecSerializer<W> serializer;
    /** Entries read or changed since the last checkpoint, by key. */
    private final Map<String, Map<Long, W>> live;
    private final LiveStateOperator.KeySwitch keys;

    /**
     * @param name the state's name; its bytes are kept under {@code name + "-encoded"}
     * @param keys how the {@link LiveStateOperator} running the function switches the backend's current key
     */
    LiveMapState(RuntimeContext runtime, String name, StateCodecSerializer<W> serializer,
                 LiveStateOperator.KeySwitch keys) {
        this.encoded = runtime.getMapState(new MapStateDescriptor<>(name + "-encoded", Types.LONG,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        this.asObjects = runtime.getMapState(new MapStateDescriptor<>(name, LongSerializer.INSTANCE, serializer));
        this.serializer = serializer;
        this.keys = Objects.requireNonNull(keys, "windows are kept live: run the function by a LiveStateOperator");
        this.live = new HashMap<>();
    }

    /** The current key's value at {@code entry}; null when it has none. */
    W get(String key, long entry) throws Exception {
        Map<Long, W> ofKey = live.computeIfAbsent(key, k -> new HashMap<>());
        if (ofKey.containsKey(entry)) return ofKey.get(entry);
        W stored = stored(entry);
        if (stored != null) ofKey.put(entry, stored);
        return stored;
    }

    /** The current key's value at {@code entry} after a change. */
    void put(String key, long entry, W value) throws Exception {
        live.computeIfAbsent(key, k -> new HashMap<>()).put(entry, value);
    }

    /** Forgets the current key's value at {@code entry}. */
    void remove(String key, long entry) throws Exception {
        Map<Long, W> ofKey = live.get(key);
        if (ofKey != null) ofKey.remove(entry);
        encoded.remove(entry);
        asObjects.remove(entry);
    }

    /** The current key's entries, stored or live, in order. */
    Iterable<Long> entries(String key) throws Exception {
        TreeSet<Long> entries = new TreeSet<>();
        encoded.keys().forEach(entries::add);
        asObjects.keys().forEach(entries::add);
        if (live.containsKey(key)) entries.addAll(live.get(key).keySet());
        return entries;
    }

    /** Writes the values kept live back to the backend, each under its key. */
    void flush() throws Exception {
        for (Map.Entry<String, Map<Long, W>> ofKey : live.entrySet()) {
            keys.setCurrentKey(ofKey.getKey());
            for (Map.Entry<Long, W> entry : ofKey.getValue().entrySet()) {
                encoded.put(entry.getKey(), serializer.codec().encode(entry.getValue()));
            }
        }
        live.clear();
    }

    private W stored(long entry) throws Exception {
        byte[] bytes = encoded.get(entry);
        if (bytes != null) return serializer.codec().decode(bytes);
        W earlier = asObjects.get(entry);
        if (earlier != null) {
            // Moved: the bytes are written again with the entry's next change or flush.
            asObjects.remove(entry);
            encoded.put(entry, serializer.codec().encode(earlier));
        }
        return earlier;
    }
}
