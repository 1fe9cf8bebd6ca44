package dev.parallax.kstreams;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.streams.records.EventIdBucket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Lets each event through once (SPEC §3a): an {@code event_id} seen before within the horizon, a resent batch
 * or a producer's retry, is dropped here and changes no window, episode or pair (the raw table deduplicates by
 * its own key).
 *
 * <p>A copy has the event time of its original and comes from the same device, keyed the same (producers key
 * records by device id, as the README asks), so it meets the original in this task. Ids are kept per record key
 * and second of event time ({@link EventIdBucket}) in a changelogged {@link LiveStateStore}: a busy device's
 * second is written once per commit, not once per event. An event newer than every event of its bucket cannot
 * be a copy and is not looked up: live traffic, in order per device, costs an append; backlogs and resends cost
 * a lookup too.
 *
 * <p>Cost: 16 bytes per id plus about 30 per bucket, in RocksDB and in the changelog: 16-20 MB per million ids
 * when devices send several events a second, up to ~45 MB when they send one. Buckets are forgotten once beyond
 * the horizon plus the clock allowance of the newest event of the task.
 */
final class FirstDelivery<T> implements FixedKeyProcessor<byte[], T, T> {

    static final String IDS = "event-ids";
    private static final byte[] NO_KEY = new byte[0];
    private static final long SECOND = 1_000;

    private final Function<T, String> eventId;
    private final ToLongFunction<T> eventTime;
    private final long keepMs;
    private FixedKeyProcessorContext<byte[], T> context;
    private LiveStateStore<EventIdBucket> ids;
    /** The newest event time of the task, in memory: it only bounds what expiry drops. */
    private long taskNewest = Long.MIN_VALUE;
    private Sensor repeats;

    FirstDelivery(Function<T, String> eventId, ToLongFunction<T> eventTime, ArrivalPolicy arrival) {
        this.eventId = eventId;
        this.eventTime = eventTime;
        this.keepMs = arrival.horizonMs() + arrival.maxClockAheadMs();
    }

    /** The id buckets; a busy task's current seconds stay in memory. */
    static LiveStateStore.Builder<EventIdBucket> store() {
        return LiveStateStore.builder(IDS, EventIdBucket.CODEC);
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], T> context) {
        this.context = context;
        this.ids = context.getStateStore(IDS);
        this.repeats = context.metrics().addRateTotalSensor("parallax", "first-delivery", "repeated-events",
                Sensor.RecordingLevel.INFO, "task-id", context.taskId().toString());
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, now -> expire());
    }

    @Override
    public void process(FixedKeyRecord<byte[], T> record) {
        UUID id = UUID.fromString(eventId.apply(record.value()));
        long time = eventTime.applyAsLong(record.value());
        Bytes bucketKey = bucketKey(Math.floorDiv(time, SECOND), record.key() == null ? NO_KEY : record.key());
        EventIdBucket bucket = ids.get(bucketKey);
        if (bucket != null && bucket.mayHold(time) && bucket.contains(id)) {
            repeats.record();
            return;
        }
        if (bucket == null) bucket = new EventIdBucket();
        bucket.add(id, time);
        ids.put(bucketKey, bucket);
        taskNewest = Math.max(taskNewest, time);
        context.forward(record);
    }

    /** Forgets the buckets beyond the horizon and the clock allowance of the task's newest event. */
    private void expire() {
        if (taskNewest == Long.MIN_VALUE) return;
        long bound = Math.floorDiv(taskNewest - keepMs, SECOND);
        for (Bytes old : ids.keys(bucketKey(Long.MIN_VALUE, NO_KEY), bucketKey(bound, NO_KEY))) ids.delete(old);
    }

    /** The second first (big-endian, sign bit flipped), so buckets sort by time and old ones are one range. */
    private static Bytes bucketKey(long second, byte[] device) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + device.length).putLong(second ^ Long.MIN_VALUE).put(device).array());
    }
}
