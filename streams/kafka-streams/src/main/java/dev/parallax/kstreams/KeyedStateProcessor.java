package dev.parallax.kstreams;

import dev.parallax.streams.records.KeyedStateAnalytic;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Any {@link KeyedStateAnalytic} on Kafka Streams: one state per key, kept live in a {@link LiveStateStore},
 * and each outcome forwarded under the analytic's key, stamped with the input record's timestamp (never later
 * than its arrival, so the broker accepts it) or, when expiry finds it, the wall clock.
 *
 * <p><b>Expiry</b>, for an analytic whose states {@linkplain KeyedStateAnalytic#expires expire}: the clock is
 * this processor's own watermark, the largest event time it has seen ({@link StoredWatermark}), kept with an
 * index of the keys by their next expiry, which a wall-clock punctuator walks without scanning all states.
 * The outcome does not depend on when the punctuator runs: the analytic expires a key at the current clock
 * before it takes a new input. Given the records of a partition in their order, the outcomes are fixed.
 *
 * @param <KIn> the input record's key, unused: the analytic keys its inputs
 */
final class KeyedStateProcessor<KIn, I, K, S, O> implements Processor<KIn, I, K, O> {

    private static final byte[] MARK = new byte[0];

    private final KeyedStateAnalytic<I, K, S, O> analytic;
    private final String statesStore;
    private final String expiriesStore;
    private final Duration expiryInterval;
    private ProcessorContext<K, O> context;
    private LiveStateStore<S> states;
    private KeyValueStore<Bytes, byte[]> expiries;
    private StoredWatermark watermark;

    /**
     * @param statesStore   a {@link LiveStateStore} of the analytic's states
     * @param expiriesStore a cached key-value store for the clock and expiry index, if the analytic expires
     */
    KeyedStateProcessor(KeyedStateAnalytic<I, K, S, O> analytic, String statesStore, String expiriesStore,
                        Duration expiryInterval) {
        this.analytic = analytic;
        this.statesStore = statesStore;
        this.expiriesStore = expiriesStore;
        this.expiryInterval = expiryInterval;
    }

    @Override
    public void init(ProcessorContext<K, O> context) {
        this.context = context;
        this.states = context.getStateStore(statesStore);
        if (analytic.expires()) {
            this.expiries = context.getStateStore(expiriesStore);
            this.watermark = new StoredWatermark(expiries);
            context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, now -> expireDue());
        }
    }

    @Override
    public void process(Record<KIn, I> record) {
        I input = record.value();
        long clock = analytic.expires() ? watermark.advance(analytic.eventTime(input)) : Long.MIN_VALUE;
        K key = analytic.key(input);
        Bytes id = Bytes.wrap(analytic.keyCodec().encode(key));
        S state = states.get(id);
        if (state == null) state = analytic.emptyState();
        long expiryBefore = analytic.nextExpiry(state);
        List<O> outcomes = analytic.onInput(state, input, clock);
        save(id, state, expiryBefore);
        outcomes.forEach(outcome -> context.forward(new Record<>(key, outcome, record.timestamp())));
    }

    private void expireDue() {
        long now = watermark.get();
        if (now == Long.MIN_VALUE) return;
        List<Bytes> due = new ArrayList<>();
        // Entries are longer than the 8-byte bound, so this range holds exactly the expiries up to now (and not
        // the watermark, whose key is empty).
        try (KeyValueIterator<Bytes, byte[]> index = expiries.range(expiryId(Long.MIN_VALUE, null), expiryId(now + 1, null))) {
            index.forEachRemaining(entry -> due.add(entry.key));
        }
        long stamp = context.currentSystemTimeMs();
        for (Bytes entry : due) {
            Bytes id = Bytes.wrap(Arrays.copyOfRange(entry.get(), Long.BYTES, entry.get().length));
            S state = states.get(id);
            long expiryBefore = analytic.nextExpiry(state);
            List<O> outcomes = analytic.expire(state, now);
            save(id, state, expiryBefore);
            K key = analytic.keyCodec().decode(id.get());
            outcomes.forEach(outcome -> context.forward(new Record<>(key, outcome, stamp)));
        }
    }

    /** Stores the state (or forgets it when empty) and moves its entry in the expiry index. */
    private void save(Bytes id, S state, long expiryBefore) {
        long expiry = analytic.nextExpiry(state);
        if (expiry != expiryBefore) {
            if (expiryBefore != Long.MAX_VALUE) expiries.delete(expiryId(expiryBefore, id));
            if (expiry != Long.MAX_VALUE) expiries.put(expiryId(expiry, id), MARK);
        }
        if (analytic.isEmpty(state)) states.delete(id); else states.put(id, state);
    }

    /**
     * Expiry time first, big-endian with the sign bit flipped so that byte order is numeric order for every
     * long; {@code id == null} gives the bound of a range over all keys of that time.
     */
    private static Bytes expiryId(long expiry, Bytes id) {
        byte[] key = id == null ? new byte[0] : id.get();
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + key.length).putLong(expiry ^ Long.MIN_VALUE).put(key).array());
    }
}
