package dev.parallax.flink;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.ValueState;

/**
 * A keyed value state kept as live objects between checkpoints on a backend that stores bytes (RocksDB), as Kafka
 * Streams' {@code LiveStateStore} does: a value is decoded at its key's first use after a checkpoint and written
 * back once, before the next checkpoint barrier ({@link #flush}, called by {@link LiveStateOperator}), so an input
 * costs a map lookup instead of decoding and encoding the key's whole value. On the heap backend, whose values are
 * live objects already, it reads and writes the state directly.
 *
 * @param <S> the value, mutable and updated in place
 */
final class LiveValueState<S> {

    private final ValueState<S> state;
    private final Predicate<S> empty;
    /** Values read or changed since the last checkpoint, by key; null on the heap backend. */
    private final Map<String, S> live;
    private final LiveStateOperator.KeySwitch keys;

    /**
     * @param empty a value the state forgets rather than stores
     * @param keys  how the operator switches the backend's current key, or null when no {@link LiveStateOperator}
     *              runs the function (then nothing is kept live)
     */
    LiveValueState(ValueState<S> state, Predicate<S> empty, LiveStateOperator.KeySwitch keys, String stateBackend) {
        this.state = state;
        this.empty = empty;
        this.keys = keys;
        this.live = keys != null && !JobSettings.HEAP_BACKEND.equals(stateBackend) ? new HashMap<>() : null;
    }

    /** The current key's value; null when it has none. */
    S value(String key) throws Exception {
        if (live == null) return state.value();
        if (live.containsKey(key)) return live.get(key);
        S stored = state.value();
        live.put(key, stored);
        return stored;
    }

    /** The current key's value after a change (null or empty: forgotten). */
    void update(String key, S value) throws Exception {
        if (live != null) live.put(key, value); else write(value);
    }

    /** Writes the values kept live back to the backend, each under its key. */
    void flush() throws Exception {
        if (live == null) return;
        for (Map.Entry<String, S> entry : live.entrySet()) {
            keys.setCurrentKey(entry.getKey());
            write(entry.getValue());
        }
        live.clear();
    }

    private void write(S value) throws Exception {
        // A no-op for the heap backend when the value was changed in place; a write for any other backend.
        if (value == null || empty.test(value)) state.clear(); else state.update(value);
    }
}
