package dev.parallax.flink;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;

/**
 * A keyed value state kept as live objects between checkpoints, as Kafka Streams' {@code LiveStateStore} does, and
 * as its codec's bytes in the backend, whichever backend: a value is decoded at its key's first use after a
 * checkpoint and encoded once, before the next checkpoint barrier ({@link #flush}, called by
 * {@link LiveStateOperator}). So an input costs a map lookup instead of decoding and encoding the key's whole value
 * (RocksDB), and a checkpoint encodes only the values changed since the last one (the heap backend would otherwise
 * encode every value at every checkpoint: a reference output waits a day for its candidates), and copies bytes for
 * the rest.
 *
 * <p>States of checkpoints taken before this layout (the value itself under the state's name) are read once and
 * moved on their key's first use.
 *
 * @param <S> the value, mutable and updated in place
 */
final class LiveValueState<S> {

    private final ValueState<byte[]> encoded;
    private final ValueState<S> asObjects;
    private final StateCodecSerializer<S> serializer;
    private final Predicate<S> empty;
    /** Values read or changed since the last checkpoint, by key. */
    private final Map<String, S> live;
    private final LiveStateOperator.KeySwitch keys;

    /**
     * @param name  the state's name; its bytes are kept under {@code name + "-encoded"}
     * @param empty a value the state forgets rather than stores
     * @param keys  how the {@link LiveStateOperator} running the function switches the backend's current key
     */
    LiveValueState(RuntimeContext runtime, String name, StateCodecSerializer<S> serializer, Predicate<S> empty,
                   LiveStateOperator.KeySwitch keys) {
        this.encoded = runtime.getState(new ValueStateDescriptor<>(name + "-encoded",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        this.asObjects = runtime.getState(new ValueStateDescriptor<>(name, serializer));
        this.serializer = serializer;
        this.empty = empty;
        this.keys = Objects.requireNonNull(keys, "states are kept live: run the function by a LiveStateOperator");
        this.live = new HashMap<>();
    }

    /** The current key's value; null when it has none. */
    S value(String key) throws Exception {
        if (live.containsKey(key)) return live.get(key);
        S stored = stored();
        live.put(key, stored);
        return stored;
    }

    /** The current key's value after a change (null or empty: forgotten). */
    void update(String key, S value) throws Exception {
        live.put(key, value);
    }

    /** Writes the values kept live back to the backend, each under its key. */
    void flush() throws Exception {
        for (Map.Entry<String, S> entry : live.entrySet()) {
            keys.setCurrentKey(entry.getKey());
            write(entry.getValue());
        }
        live.clear();
    }

    private S stored() throws Exception {
        byte[] bytes = encoded.value();
        if (bytes != null) return serializer.codec().decode(bytes);
        S earlier = asObjects.value();
        if (earlier != null) {
            // Moved: written back in the new layout with the key's next change or flush.
            asObjects.clear();
            encoded.update(serializer.codec().encode(earlier));
        }
        return earlier;
    }

    private void write(S value) throws Exception {
        if (value == null || empty.test(value)) encoded.clear(); else encoded.update(serializer.codec().encode(value));
    }
}
