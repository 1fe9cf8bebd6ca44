package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tumbling windows of one processor: each window's aggregate in a {@link LiveStateStore}, and a mark in a
 * changelogged store for each window updated since it was last emitted, so that a processor emits an updated
 * window once per interval rather than once per event, and a crash between an update and its emission still
 * emits it after the restart.
 *
 * <p>A window's id is its start (big-endian, sign bit flipped) followed by its key's bytes, so windows sort by
 * time and old ones are dropped by a range scan.
 *
 * @param <K> the key the windows are per (a latency key, a divergence key)
 * @param <W> the window's aggregate
 */
final class WindowStates<K, W> {

    private static final byte[] MARK = new byte[0];
    private static final byte[] NO_KEY = new byte[0];

    private final LiveStateStore<W> windows;
    private final KeyValueStore<Bytes, byte[]> updated;
    private final StateCodec<K> keyCodec;
    /** Ids marked since the last emission, so that a window updated by every event is marked once. */
    private final Set<Bytes> marked = new HashSet<>();

    /** @param updated the marks; it may also hold the processor's {@link StoredWatermark}, which is skipped */
    WindowStates(LiveStateStore<W> windows, KeyValueStore<Bytes, byte[]> updated, StateCodec<K> keyCodec) {
        this.windows = windows;
        this.updated = updated;
        this.keyCodec = keyCodec;
    }

    /**
     * Replaces the window of {@code key} starting at {@code windowStart} (an {@code empty} one if it holds nothing
     * yet) by what {@code change} makes of it, and marks it for the next {@link #emitUpdated}.
     */
    void update(long windowStart, K key, Supplier<W> empty, UnaryOperator<W> change) {
        update(windowStart, keyBytes(key), empty, change);
    }

    /** As {@link #update(long, Object, Supplier, UnaryOperator)}, for a key already in its {@link #keyBytes}. */
    void update(long windowStart, Bytes key, Supplier<W> empty, UnaryOperator<W> change) {
        Bytes id = id(windowStart, key.get());
        W window = windows.get(id);
        windows.put(id, change.apply(window == null ? empty.get() : window));
        if (marked.add(id)) updated.put(id, MARK);
    }

    /** Hands every window updated since the last call to {@code emit}, then forgets the marks. */
    void emitUpdated(Emitter<K, W> emit) {
        emitUpdated(emit, false);
    }

    /** Hands every window updated since the last call to {@code emit}, then forgets the marks and the windows. */
    void takeUpdated(Emitter<K, W> emit) {
        emitUpdated(emit, true);
    }

    private void emitUpdated(Emitter<K, W> emit, boolean forgetWindows) {
        List<Bytes> emitted = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> marks = StoredWatermark.entriesBesides(updated)) {
            while (marks.hasNext()) {
                Bytes id = marks.next().key;
                W window = windows.get(id);
                if (window != null) emit.emit(keyOf(id), windowStartOf(id), window);
                emitted.add(id);
            }
        }
        for (Bytes id : emitted) {
            updated.delete(id);
            if (forgetWindows) windows.delete(id);
        }
        marked.clear();
    }

    /**
     * Forgets the windows starting before {@code startBound} that {@code forget} picks (given the window's key in
     * its {@link #keyBytes} and its start) and that have nothing left to emit.
     */
    void forgetBefore(long startBound, BiPredicate<Bytes, Long> forget) {
        // Window ids are longer than the 8-byte bounds, so the range holds exactly the starts below the bound.
        for (Bytes id : windows.keys(id(Long.MIN_VALUE, NO_KEY), id(startBound, NO_KEY))) {
            byte[] bytes = id.get();
            if (forget.test(Bytes.wrap(Arrays.copyOfRange(bytes, Long.BYTES, bytes.length)), windowStartOf(id))
                    && updated.get(id) == null) {
                windows.delete(id);
            }
        }
    }

    /** A key as the bytes its windows are stored under. */
    Bytes keyBytes(K key) {
        return Bytes.wrap(keyCodec.encode(key));
    }

    /** Receives an updated window. */
    @FunctionalInterface
    interface Emitter<K, W> {
        void emit(K key, long windowStart, W window);
    }

    private static Bytes id(long windowStart, byte[] keyBytes) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + keyBytes.length).putLong(windowStart ^ Long.MIN_VALUE)
                .put(keyBytes).array());
    }

    private static long windowStartOf(Bytes id) {
        return ByteBuffer.wrap(id.get()).getLong() ^ Long.MIN_VALUE;
    }

    private K keyOf(Bytes id) {
        return keyCodec.decode(Arrays.copyOfRange(id.get(), Long.BYTES, id.get().length));
    }
}
