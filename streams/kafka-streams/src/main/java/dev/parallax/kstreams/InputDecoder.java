package dev.parallax.kstreams;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.codec.DecodeResult;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.ReasonClass;
import dev.parallax.metrics.PipelineMetrics;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes the raw records of one input topic. A valid event continues at its placement time (SPEC §3a): its
 * own event time, or its arrival when its clock runs further ahead than {@link ArrivalPolicy#maxClockAheadMs()}
 * (the event is kept and placed, not refused; raw tables keep the time it was sent with). Anything else
 * becomes a dead letter carrying the reason, the raw bytes and its topic/partition/offset. Every record counts as
 * an event in, every dead letter by the class of its reason.
 *
 * <p>The record's timestamp here is its event time capped at its arrival ({@link EventTimeExtractor}), so an
 * event time beyond it means the timestamp is the arrival. Records go on with that timestamp, which the broker
 * accepts on every topic the job writes.
 */
final class InputDecoder<T extends SpecificRecord> implements FixedKeyProcessor<byte[], byte[], Decoded<T>> {

    private final EventCodec<T> codec;
    private final ToLongFunction<T> eventTime;
    private final ObjLongConsumer<T> placeAt;
    private final ArrivalPolicy arrival;
    private final PipelineMetrics metrics;
    private FixedKeyProcessorContext<byte[], Decoded<T>> context;

    InputDecoder(EventCodec<T> codec, ToLongFunction<T> eventTime, ObjLongConsumer<T> placeAt, ArrivalPolicy arrival,
                 PipelineMetrics metrics) {
        this.codec = codec;
        this.eventTime = eventTime;
        this.placeAt = placeAt;
        this.arrival = arrival;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        metrics.eventsIn(origin.topic(), 1);
        switch (codec.decode(record.value())) {
            case DecodeResult.Accepted<T>(T event) -> {
                long time = eventTime.applyAsLong(event);
                long placed = arrival.placementTime(time, record.timestamp());
                if (placed != time) placeAt.accept(event, placed);
                context.forward(record.withValue(new Decoded.Event<>(event)));
            }
            case DecodeResult.Rejected<T>(String reason) -> {
                metrics.deadLetter(origin.topic(), ReasonClass.of(reason).label());
                DeadLetter letter = DeadLetter.fromKafka(origin.topic(), origin.partition(), origin.offset(),
                        record.timestamp(), reason, record.value()).limitedTo(DeadLetter.MAX_JSON_BYTES);
                context.forward(record.withValue(new Decoded.Rejected<>(letter)));
            }
        }
    }
}
