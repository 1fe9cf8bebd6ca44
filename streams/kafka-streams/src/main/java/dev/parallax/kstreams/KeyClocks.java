package dev.parallax.kstreams;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.window.TumblingWindows;
import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each window key's own clock (SPEC §3a): the newest placement time of its events, which alone decides which of
 * its windows are beyond the horizon. No other key, and no stream time shared across devices, moves it.
 *
 * <p>Kept in a changelogged store behind Kafka Streams' record cache (8 bytes per key, written once per commit
 * however many events move it), so it survives restarts. A clock outlives its key's windows: forgetting it
 * would let an old event open a window the horizon had closed.
 */
final class KeyClocks {

    private final KeyValueStore<Bytes, byte[]> store;
    private final ArrivalPolicy arrival;
    private final TumblingWindows windows;

    KeyClocks(KeyValueStore<Bytes, byte[]> store, ArrivalPolicy arrival, TumblingWindows windows) {
        this.store = store;
        this.arrival = arrival;
        this.windows = windows;
    }

    /** The key's clock; {@link ArrivalPolicy#NO_EVENT} before its first event. */
    long get(Bytes key) {
        byte[] stored = store.get(key);
        return stored == null ? ArrivalPolicy.NO_EVENT : ByteBuffer.wrap(stored).getLong();
    }

    /** Moves the key's clock to {@code placementTime} if that is newer; returns the clock after. */
    long advance(Bytes key, long placementTime) {
        long clock = get(key);
        long advanced = ArrivalPolicy.advance(clock, placementTime);
        if (advanced != clock) store.put(key, ByteBuffer.allocate(Long.BYTES).putLong(advanced).array());
        return advanced;
    }

    /** Whether the key's window starting at {@code windowStart} is beyond its horizon. */
    boolean isBeyondHorizon(Bytes key, long windowStart) {
        return arrival.isBeyondHorizon(windows.windowEnd(windowStart), get(key));
    }

    /** Forgets the windows beyond their key's horizon that have nothing left to emit; their rows stay in ClickHouse. */
    void forgetBeyondHorizon(WindowStates<?, ?> states) {
        states.forgetBefore(arrival.forgetBound(newest(), windows.sizeMs()), this::isBeyondHorizon);
    }

    /** The newest clock of all keys; {@link ArrivalPolicy#NO_EVENT} when there are none. */
    private long newest() {
        long newest = ArrivalPolicy.NO_EVENT;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) newest = Math.max(newest, ByteBuffer.wrap(all.next().value).getLong());
        }
        return newest;
    }
}
