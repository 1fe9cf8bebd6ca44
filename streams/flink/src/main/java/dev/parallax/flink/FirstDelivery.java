package dev.parallax.flink;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.streams.records.EventIdBucket;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets each event through once (SPEC §3a): an id seen before, a resent batch or a producer's retry, changes no
 * window, episode or pair, as in the Kafka Streams job, with the same store: ids kept per record key (the device)
 * and second of event time ({@link EventIdBucket}, 16 bytes an id), keyed by {@link #bucketKey}. A copy has its
 * original's event time and key, so it meets the original's bucket; an event newer than every event of its bucket
 * cannot be a copy and is not looked up. A bucket is forgotten the horizon plus the clock allowance after it was
 * made (processing time, one timer a bucket).
 *
 * <p>Run by a {@link LiveStateOperator} ({@link LiveValueState}): a busy second's bucket is encoded once per
 * checkpoint, not once per event, 16 bytes an id; a checkpoint copies the buckets of earlier seconds as bytes.
 */
final class FirstDelivery extends KeyedProcessFunction<String, DecodedInput, DecodedInput>
        implements LiveStateOperator.Live {

    private static final long SECOND = 1_000;

    private final ArrivalPolicy arrival;
    private transient LiveValueState<EventIdBucket> ids;
    private transient LiveStateOperator.KeySwitch keys;
    private transient Counter repeats;

    FirstDelivery(ArrivalPolicy arrival) {
        this.arrival = arrival;
    }

    /** The bucket of an accepted input: its second of event time and its record key. */
    static String bucketKey(DecodedInput input) {
        return Math.floorDiv(input.eventTime, SECOND) + "|" + input.recordKey;
    }

    @Override
    public void keepLive(LiveStateOperator.KeySwitch keys) {
        this.keys = keys;
    }

    @Override
    public void open(OpenContext context) {
        ids = new LiveValueState<>(getRuntimeContext(), "event-ids", EventIdBucketSerializer.INSTANCE, bucket -> false, keys);
        repeats = getRuntimeContext().getMetricGroup().counter("repeatedEvents");
    }

    @Override
    public void processElement(DecodedInput input, Context context, Collector<DecodedInput> out) throws Exception {
        UUID id = UUID.fromString(input.eventId);
        String key = context.getCurrentKey();
        EventIdBucket bucket = ids.value(key);
        if (bucket != null && bucket.mayHold(input.eventTime) && bucket.contains(id)) {
            repeats.inc();
            return;
        }
        if (bucket == null) {
            bucket = new EventIdBucket();
            context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime()
                    + arrival.horizonMs() + arrival.maxClockAheadMs());
        }
        bucket.add(id, input.eventTime);
        ids.update(key, bucket);
        out.collect(input);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DecodedInput> out) throws Exception {
        ids.update(context.getCurrentKey(), null);
    }

    @Override
    public void flushLive() throws Exception {
        ids.flush();
    }
}
