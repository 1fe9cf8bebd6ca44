package dev.parallax.kstreams;

import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import dev.parallax.streams.records.OperatorInputs;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The analytics job on Kafka Streams, read top to bottom like SPEC §2-§5: decode every input topic (refused
 * records to the dead-letter topic), then tail-latency windows per latency key.
 */
public final class AnalyticsTopology {

    private AnalyticsTopology() {
    }

    public static Topology build(AnalyticsSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();

        KStream<byte[], Decoded<InferenceEvent>> inferences =
                decode(builder, Topics.INFERENCE, EventCodec.inference(), InferenceEvent::getEventTime, settings);
        KStream<byte[], Decoded<DeviceSample>> deviceSamples =
                decode(builder, Topics.DEVICE, EventCodec.deviceSample(), DeviceSample::getEventTime, settings);
        KStream<byte[], Decoded<RunEvent>> runs =
                decode(builder, Topics.RUN, EventCodec.run(), RunEvent::getEventTime, settings);

        deadLetters(inferences, "inference")
                .merge(deadLetters(deviceSamples, "device"))
                .merge(deadLetters(runs, "run"))
                .to(Topics.DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray()));

        KStream<byte[], InferenceEvent> validInferences = events(inferences, "inference");

        builder.addStateStore(cachedStore(LatencyWindowProcessor.WINDOWS));
        builder.addStateStore(cachedStore(LatencyWindowProcessor.DIRTY));
        validInferences
                .map((key, event) -> {
                    LatencyObservation observation = OperatorInputs.latency(event);
                    return KeyValue.pair(observation.key(), observation);
                }, Named.as("latency-key"))
                .repartition(Repartitioned.with(new StateSerde<>(LatencyKey.CODEC), new StateSerde<>(new LatencyObservationCodec()))
                        .withName("latency-by-key"))
                .process(() -> new LatencyWindowProcessor(settings.latency(), settings.emitInterval(), settings.windowRetention()),
                        Named.as("latency-windows"), LatencyWindowProcessor.WINDOWS, LatencyWindowProcessor.DIRTY)
                .to(Topics.LATENCY, Produced.with(Serdes.String(), Serdes.ByteArray()));

        return builder.build();
    }

    /**
     * A persistent store behind Kafka Streams' record cache: a window updated by thousands of events between
     * two commits reaches RocksDB and its changelog once per commit, not once per event.
     */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> cachedStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    private static <T extends SpecificRecord> KStream<byte[], Decoded<T>> decode(
            StreamsBuilder builder, String topic, EventCodec<T> codec, ToLongFunction<T> eventTime,
            AnalyticsSettings settings) {
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-" + topic))
                .processValues(() -> new InputDecoder<>(codec, eventTime, settings.maxClockSkew()),
                        Named.as("decode-" + topic));
    }

    private static <T> KStream<String, byte[]> deadLetters(KStream<byte[], Decoded<T>> decoded, String name) {
        return decoded
                .filter((key, value) -> value instanceof Decoded.Rejected<T>, Named.as("refused-" + name))
                .map((key, value) -> {
                    DeadLetter letter = ((Decoded.Rejected<T>) value).deadLetter();
                    return KeyValue.pair(letter.deadLetterId(), letter.toJson());
                }, Named.as("dead-letter-" + name));
    }

    private static <T> KStream<byte[], T> events(KStream<byte[], Decoded<T>> decoded, String name) {
        return decoded
                .filter((key, value) -> value instanceof Decoded.Event<T>, Named.as("valid-" + name))
                .mapValues(value -> ((Decoded.Event<T>) value).event(), Named.as("event-" + name));
    }
}
