package dev.parallax.flink;

import dev.parallax.codec.DecodeResult;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.DeadLetter;
import dev.parallax.streams.records.EventTimePolicy;
import dev.parallax.contract.Topics;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the raw records of the input topics inside the Kafka source, as the Kafka Streams job's decoder
 * does: a valid event continues with its event time (so the source's per-partition watermarks run on event
 * time), anything else becomes a dead letter with the reason, the raw bytes and its topic/partition/offset.
 * An event time more than {@code maxClockSkewMs} ahead of the processing clock is refused with the same reason.
 */
final class InputDecoder implements KafkaRecordDeserializationSchema<DecodedInput> {

    private final long maxClockSkewMs;
    private transient Map<String, InputTopic<?>> topics;
    private transient LongSupplier clock;

    InputDecoder(long maxClockSkewMs) {
        this.maxClockSkewMs = maxClockSkewMs;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        topics = Map.of(
                Topics.INFERENCE, new InputTopic<>(EventCodec.inference(), InferenceEvent::getEventTime),
                Topics.DEVICE, new InputTopic<>(EventCodec.deviceSample(), DeviceSample::getEventTime),
                Topics.RUN, new InputTopic<>(EventCodec.run(), RunEvent::getEventTime));
        clock = System::currentTimeMillis;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedInput> out) {
        InputTopic<?> topic = topics.get(record.topic());
        if (topic == null) {
            throw new IllegalStateException("not an input topic: " + record.topic());
        }
        out.collect(topic.decode(record, clock.getAsLong(), maxClockSkewMs));
    }

    @Override
    public TypeInformation<DecodedInput> getProducedType() {
        return TypeInformation.of(DecodedInput.class);
    }

    private record InputTopic<T extends SpecificRecord>(EventCodec<T> codec, ToLongFunction<T> eventTime) {

        DecodedInput decode(ConsumerRecord<byte[], byte[]> record, long now, long maxClockSkewMs) {
            return switch (codec.decode(record.value())) {
                case DecodeResult.Accepted<T>(T event) -> {
                    long time = eventTime.applyAsLong(event);
                    yield EventTimePolicy.tooFarAhead(time, now, maxClockSkewMs)
                            .map(reason -> rejected(record, reason))
                            .orElseGet(() -> DecodedInput.accepted(record.topic(), time, codec.encodeAvro(event)));
                }
                case DecodeResult.Rejected<T>(String reason) -> rejected(record, reason);
            };
        }

        private static DecodedInput rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
            DeadLetter letter = DeadLetter.fromKafka(record.topic(), record.partition(), record.offset(),
                    record.timestamp(), reason, record.value());
            return DecodedInput.rejected(record.topic(), letter.deadLetterId(), letter.toJson());
        }
    }
}
