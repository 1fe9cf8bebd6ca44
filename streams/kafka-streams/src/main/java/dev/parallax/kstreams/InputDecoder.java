package dev.parallax.kstreams;

import dev.parallax.codec.DecodeResult;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.DeadLetter;
import dev.parallax.streams.records.EventTimePolicy;
import java.time.Duration;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes the raw records of one input topic. A valid event continues with its event time as the record's
 * timestamp, so every window downstream runs on event time whatever the producer's clock said; anything else
 * becomes a dead letter carrying the reason, the raw bytes and its topic/partition/offset.
 *
 * <p>An event time further in the future than {@code maxClockSkew} is refused too: no window could ever
 * place it correctly, and the broker rejects such timestamps on internal topics.
 */
final class InputDecoder<T extends SpecificRecord> implements FixedKeyProcessor<byte[], byte[], Decoded<T>> {

    private final EventCodec<T> codec;
    private final ToLongFunction<T> eventTime;
    private final long maxClockSkewMs;
    private FixedKeyProcessorContext<byte[], Decoded<T>> context;

    InputDecoder(EventCodec<T> codec, ToLongFunction<T> eventTime, Duration maxClockSkew) {
        this.codec = codec;
        this.eventTime = eventTime;
        this.maxClockSkewMs = maxClockSkew.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        switch (codec.decode(record.value())) {
            case DecodeResult.Accepted<T>(T event) -> {
                long time = eventTime.applyAsLong(event);
                EventTimePolicy.tooFarAhead(time, context.currentSystemTimeMs(), maxClockSkewMs).ifPresentOrElse(
                        reason -> reject(record, reason),
                        () -> context.forward(record.withValue((Decoded<T>) new Decoded.Event<>(event)).withTimestamp(time)));
            }
            case DecodeResult.Rejected<T>(String reason) -> reject(record, reason);
        }
    }

    private void reject(FixedKeyRecord<byte[], byte[]> record, String reason) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        DeadLetter letter = DeadLetter.fromKafka(origin.topic(), origin.partition(), origin.offset(),
                record.timestamp(), reason, record.value());
        context.forward(record.withValue(new Decoded.Rejected<>(letter)));
    }
}
