package dev.parallax.streams.records;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.util.Arrays;
import java.util.UUID;

/**
 * The event ids one device sent for one second of event time, as both engines' first-delivery step keeps them
 * (SPEC §3a: each event counts once): a live object between commits or checkpoints, so that a busy device's second
 * is written once per commit rather than once per event. 16 bytes per id plus a few bytes per bucket, in memory and
 * in its stored form.
 *
 * <p>A device sends a handful to a few thousand events a second: membership is a linear scan, cheaper than a
 * hash set at that size. A copy has its original's event time, so an event newer than every event of its bucket
 * cannot be one: in-order traffic is never scanned ({@link #mayHold}).
 */
public final class EventIdBucket {

    private static final int FORMAT_TAG = 0x49;
    /** Version 2 keeps the bucket's newest event time; version 1, still read, did not (it may hold any time). */
    private static final int VERSION = 2;

    public static final StateCodec<EventIdBucket> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(EventIdBucket bucket) {
            StateWriter out = new StateWriter(FORMAT_TAG, VERSION).writeVarLong(bucket.size).writeLong(bucket.newest);
            for (int i = 0; i < bucket.size; i++) out.writeLong(bucket.high[i]).writeLong(bucket.low[i]);
            return out.toByteArray();
        }

        @Override
        public EventIdBucket decode(byte[] bytes) {
            StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "event id bucket");
            int size = (int) in.readVarLong();
            EventIdBucket bucket = new EventIdBucket(Math.max(size, 4));
            bucket.newest = in.version() == 1 ? Long.MAX_VALUE : in.readLong();
            for (int i = 0; i < size; i++) bucket.add(in.readLong(), in.readLong());
            in.expectEnd();
            return bucket;
        }
    };

    private long[] high;
    private long[] low;
    private int size;
    /** The newest event time among the ids. */
    private long newest = Long.MIN_VALUE;

    public EventIdBucket() {
        this(4);
    }

    private EventIdBucket(int capacity) {
        high = new long[capacity];
        low = new long[capacity];
    }

    public boolean contains(UUID id) {
        long h = id.getMostSignificantBits();
        long l = id.getLeastSignificantBits();
        for (int i = size - 1; i >= 0; i--) {
            if (high[i] == h && low[i] == l) return true;
        }
        return false;
    }

    /** Whether an event at {@code eventTime} may be one of these: not when it is newer than all of them. */
    public boolean mayHold(long eventTime) {
        return eventTime <= newest;
    }

    public void add(UUID id, long eventTime) {
        add(id.getMostSignificantBits(), id.getLeastSignificantBits());
        newest = Math.max(newest, eventTime);
    }

    private void add(long h, long l) {
        if (size == high.length) {
            high = Arrays.copyOf(high, size * 2);
            low = Arrays.copyOf(low, size * 2);
        }
        high[size] = h;
        low[size] = l;
        size++;
    }
}
