package dev.parallax.flink;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.codec.DecodeResult;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import dev.parallax.streams.records.OperatorInputs;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the raw records of the input topics inside the Kafka source, as the Kafka Streams job's decoder
 * does: a valid event continues at its placement time (SPEC §3a: its own time, or its arrival, the record's
 * broker timestamp, when its clock runs too far ahead) as the operators' inputs, mapped here by
 * {@link OperatorInputs} so that no later operator decodes it again; anything else becomes a dead letter with
 * the reason, the raw bytes and its topic/partition/offset.
 */
final class InputDecoder implements KafkaRecordDeserializationSchema<DecodedInput> {

    private final ArrivalPolicy arrival;
    private transient Map<String, InputTopic<?>> topics;
    private transient LongSupplier clock;

    InputDecoder(ArrivalPolicy arrival) {
        this.arrival = arrival;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        topics = Map.of(
                Topics.INFERENCE, new InputTopic<>(EventCodec.inference(), InferenceEvent::getEventId,
                        InferenceEvent::getEventTime, InferenceEvent::setEventTime, InputDecoder::inferenceInputs),
                Topics.DEVICE, new InputTopic<>(EventCodec.deviceSample(), DeviceSample::getEventId,
                        DeviceSample::getEventTime, DeviceSample::setEventTime,
                        (sample, input) -> input.thermal = ThermalInput.of(OperatorInputs.thermal(sample))),
                Topics.RUN, new InputTopic<>(EventCodec.run(), RunEvent::getEventId,
                        RunEvent::getEventTime, RunEvent::setEventTime, (run, input) -> {
                            // Run events are in the warehouse through the sink; no analytics operator reads them.
                        }));
        clock = System::currentTimeMillis;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedInput> out) {
        InputTopic<?> topic = topics.get(record.topic());
        if (topic == null) {
            throw new IllegalStateException("not an input topic: " + record.topic());
        }
        out.collect(topic.decode(record, ArrivalPolicy.arrivalTime(record.timestamp(), clock.getAsLong()), arrival));
    }

    @Override
    public TypeInformation<DecodedInput> getProducedType() {
        return TypeInformation.of(DecodedInput.class);
    }

    private static void inferenceInputs(InferenceEvent event, DecodedInput input) {
        input.latency = LatencyInput.of(OperatorInputs.latency(event));
        input.thermal = ThermalInput.of(OperatorInputs.thermal(event));
        input.output = OperatorInputs.output(event).map(sample -> OutputInput.of(sample, OperatorInputs.testRun(event)))
                .orElse(null);
    }

    /** @param operatorInputs sets the operators' inputs of an accepted event, placed in time */
    private record InputTopic<T extends SpecificRecord>(EventCodec<T> codec, Function<T, String> eventId,
                                                        ToLongFunction<T> eventTime, ObjLongConsumer<T> placeAt,
                                                        BiConsumer<T, DecodedInput> operatorInputs) {

        DecodedInput decode(ConsumerRecord<byte[], byte[]> record, long arrivalTime, ArrivalPolicy arrival) {
            return switch (codec.decode(record.value())) {
                case DecodeResult.Accepted<T>(T event) -> {
                    long time = eventTime.applyAsLong(event);
                    long placed = arrival.placementTime(time, arrivalTime);
                    if (placed != time) placeAt.accept(event, placed);
                    DecodedInput accepted = DecodedInput.accepted(record.topic(), recordKey(record), eventId.apply(event),
                            placed);
                    operatorInputs.accept(event, accepted);
                    yield accepted;
                }
                case DecodeResult.Rejected<T>(String reason) -> rejected(record, reason);
            };
        }

        private static String recordKey(ConsumerRecord<byte[], byte[]> record) {
            return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        }

        private static DecodedInput rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
            DeadLetter letter = DeadLetter.fromKafka(record.topic(), record.partition(), record.offset(),
                    record.timestamp(), reason, record.value()).limitedTo(DeadLetter.MAX_JSON_BYTES);
            return DecodedInput.rejected(record.topic(), letter.deadLetterId(), letter.toJson());
        }
    }
}
