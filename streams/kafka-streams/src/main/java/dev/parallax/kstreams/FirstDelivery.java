package dev.parallax.kstreams;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Lets each event through once (SPEC §3a): an {@code event_id} seen before within the horizon, a resent batch
 * or a producer's retry, is dropped here and changes no window, episode or pair (the raw table deduplicates by
 * its own key).
 *
 * <p>The ids live in a segmented RocksDB window store at the event's placement time (a resent event carries
 * the same time), changelogged and behind Kafka Streams' record cache: about 45 bytes per id on disk and as
 * much in the changelog, so 45 MB per million ids (UUID 16 bytes, time 8, sequence 4, RocksDB's own
 * overhead), kept for the horizon plus the clock allowance and dropped a segment at a time. Ids are kept per
 * input task: producers key records by device id, as the README asks, so an event and its copies share a
 * partition.
 */
final class FirstDelivery<T> implements FixedKeyProcessor<byte[], T, T> {

    static final String IDS = "event-ids";
    private static final byte[] SEEN = new byte[0];

    private final Function<T, String> eventId;
    private final ToLongFunction<T> eventTime;
    private FixedKeyProcessorContext<byte[], T> context;
    private WindowStore<Bytes, byte[]> ids;
    private Sensor repeats;

    FirstDelivery(Function<T, String> eventId, ToLongFunction<T> eventTime) {
        this.eventId = eventId;
        this.eventTime = eventTime;
    }

    /** The id store, kept for the horizon and the clock allowance past the newest event of its task. */
    static StoreBuilder<WindowStore<Bytes, byte[]>> store(ArrivalPolicy arrival) {
        Duration retention = Duration.ofMillis(arrival.horizonMs() + arrival.maxClockAheadMs());
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(IDS, retention, Duration.ofMillis(1), false),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled();
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], T> context) {
        this.context = context;
        this.ids = context.getStateStore(IDS);
        this.repeats = context.metrics().addRateTotalSensor("parallax", "first-delivery", "repeated-events",
                Sensor.RecordingLevel.INFO, "task-id", context.taskId().toString());
    }

    @Override
    public void process(FixedKeyRecord<byte[], T> record) {
        Bytes id = idBytes(eventId.apply(record.value()));
        long time = eventTime.applyAsLong(record.value());
        if (ids.fetch(id, time) != null) {
            repeats.record();
            return;
        }
        ids.put(id, SEEN, time);
        context.forward(record);
    }

    /** A UUID in its 16 bytes (the decoder accepted only UUIDs). */
    private static Bytes idBytes(String eventId) {
        UUID uuid = UUID.fromString(eventId);
        return Bytes.wrap(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }
}
