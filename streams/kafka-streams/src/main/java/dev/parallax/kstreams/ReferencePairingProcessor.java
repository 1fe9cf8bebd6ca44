package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.OutputSample.PairingKey;
import dev.parallax.streams.records.AttributedPairing;
import dev.parallax.streams.records.AttributedPairing.Outcome;
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
 * Quantized-vs-reference pairing (SPEC §5): one engine-free pairing state per (model name, input id), kept
 * live in a {@link LiveStateStore}; every outcome (pair, unmatched candidate, rejection) is forwarded for the
 * topology to route, stamped with the input record's timestamp (never later than its arrival, so the broker
 * accepts it) or, when expiry finds it, the wall clock.
 *
 * <p><b>Expiry.</b> A candidate still waiting when this processor's own watermark (the largest event time it
 * has seen, kept in the index store) has moved the pairing horizon past the watermark it came at (or its own
 * event time, if later) is unmatched: a run uploaded days late waits for its references as long as a live one. The index
 * store, ordered by each key's next expiry, lets a wall-clock punctuator find those keys without scanning all
 * states. The outcome does not depend on when the punctuator runs: before a key takes a new event it is
 * expired at the current watermark too, so a candidate the horizon has passed is unmatched even if its
 * reference comes in before the punctuator did. Given the records of a partition in their order, the outcomes
 * are fixed.
 */
final class ReferencePairingProcessor implements Processor<PairingKey, OutputEvent, PairingKey, Outcome> {

    static final String PAIRINGS = "divergence-pairings";
    static final String EXPIRIES = "divergence-expiries";
    private static final PairingKeyCodec KEYS = new PairingKeyCodec();
    private static final byte[] MARK = new byte[0];

    private final DivergenceSettings settings;
    private final Duration expiryInterval;
    private ProcessorContext<PairingKey, Outcome> context;
    private LiveStateStore<AttributedPairing> pairings;
    private KeyValueStore<Bytes, byte[]> expiries;
    private StoredWatermark watermark;

    ReferencePairingProcessor(DivergenceSettings settings, Duration expiryInterval) {
        this.settings = settings;
        this.expiryInterval = expiryInterval;
    }

    @Override
    public void init(ProcessorContext<PairingKey, Outcome> context) {
        this.context = context;
        this.pairings = context.getStateStore(PAIRINGS);
        this.expiries = context.getStateStore(EXPIRIES);
        this.watermark = new StoredWatermark(expiries);
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, now -> expireWaiting());
    }

    @Override
    public void process(Record<PairingKey, OutputEvent> record) {
        OutputEvent event = record.value();
        long now = watermark.advance(event.sample().eventTime());
        Bytes id = Bytes.wrap(KEYS.encode(record.key()));
        AttributedPairing pairing = pairings.get(id);
        if (pairing == null) pairing = new AttributedPairing(settings);
        long expiryBefore = pairing.nextExpiry();
        List<Outcome> outcomes = new ArrayList<>(pairing.expire(now));
        outcomes.addAll(pairing.onSample(event.sample(), event.testRun(), now));
        save(id, pairing, expiryBefore);
        outcomes.forEach(outcome -> context.forward(new Record<>(record.key(), outcome, record.timestamp())));
    }

    private void expireWaiting() {
        long now = watermark.get();
        if (now == Long.MIN_VALUE) return;
        List<Bytes> due = new ArrayList<>();
        // Entries are longer than the 8-byte bound, so this range holds exactly the expiries up to now (and not
        // the watermark, whose key is empty).
        try (KeyValueIterator<Bytes, byte[]> index = expiries.range(expiryId(Long.MIN_VALUE, null), expiryId(now + 1, null))) {
            index.forEachRemaining(entry -> due.add(entry.key));
        }
        for (Bytes entry : due) {
            Bytes id = Bytes.wrap(Arrays.copyOfRange(entry.get(), Long.BYTES, entry.get().length));
            AttributedPairing pairing = pairings.get(id);
            long expiryBefore = pairing.nextExpiry();
            List<Outcome> outcomes = pairing.expire(now);
            save(id, pairing, expiryBefore);
            PairingKey key = KEYS.decode(id.get());
            long stamp = context.currentSystemTimeMs();
            outcomes.forEach(outcome -> context.forward(new Record<>(key, outcome, stamp)));
        }
    }

    /** Stores the state (or forgets it when empty) and moves its entry in the expiry index. */
    private void save(Bytes id, AttributedPairing pairing, long expiryBefore) {
        long expiry = pairing.nextExpiry();
        if (expiry != expiryBefore) {
            if (expiryBefore != Long.MAX_VALUE) expiries.delete(expiryId(expiryBefore, id));
            if (expiry != Long.MAX_VALUE) expiries.put(expiryId(expiry, id), MARK);
        }
        if (pairing.isEmpty()) pairings.delete(id); else pairings.put(id, pairing);
    }

    static StateCodec<AttributedPairing> pairingCodec(DivergenceSettings settings) {
        return StateCodec.of(AttributedPairing::toBytes, bytes -> AttributedPairing.fromBytes(bytes, settings));
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
