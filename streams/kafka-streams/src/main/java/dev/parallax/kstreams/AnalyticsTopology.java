package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.divergence.DivergenceContribution;
import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergenceWindow;
import dev.parallax.analytics.divergence.OutputSample.PairingKey;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyWindowState;
import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.ReasonClass;
import dev.parallax.contract.Topics;
import dev.parallax.metrics.PipelineMetrics;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import dev.parallax.streams.records.AttributedPairing.Outcome;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.DivergenceWindowAnalytic;
import dev.parallax.streams.records.KeyedStateAnalytic;
import dev.parallax.streams.records.LatencyWindowAnalytic;
import dev.parallax.streams.records.OperatorInputs;
import dev.parallax.streams.records.OutputEvent;
import dev.parallax.streams.records.ReferencePairingAnalytic;
import dev.parallax.streams.records.ThrottleEpisodeAnalytic;
import dev.parallax.streams.records.WindowedAnalytic;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The analytics job on Kafka Streams, read top to bottom like SPEC §2-§5: decode every input topic (refused
 * records to the dead-letter topic), then tail-latency windows per latency key, thermal-throttle episodes per
 * device, and quantized-vs-reference divergence: pairs per (model, input id), then windows per (model,
 * candidate precision, device class). Divergence rejections join the dead letters.
 *
 * <p>Every keyed operator reads a repartition topic with an explicit name, so internal topic names do not
 * change when the topology grows, carrying compact operator-level bytes rather than whole events.
 */
public final class AnalyticsTopology {

    private static final String THROTTLE_DETECTORS = "throttle-detectors";
    private static final String DIVERGENCE_PAIRINGS = "divergence-pairings";
    private static final String DIVERGENCE_EXPIRIES = "divergence-expiries";
    /** A derived record's value, written to the record's own topic. */
    private static final Serde<DerivedRecord> DERIVED_VALUES = Serdes.serdeFrom(
            (topic, record) -> record.value(),
            (topic, bytes) -> {
                throw new UnsupportedOperationException("derived records are written, not read, here");
            });

    private AnalyticsTopology() {
    }

    public static Topology build(AnalyticsSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();

        KStream<byte[], Decoded<InferenceEvent>> inferences = decode(builder, Topics.INFERENCE, EventCodec.inference(),
                InferenceEvent::getEventTime, InferenceEvent::setEventTime, settings);
        KStream<byte[], Decoded<DeviceSample>> deviceSamples = decode(builder, Topics.DEVICE, EventCodec.deviceSample(),
                DeviceSample::getEventTime, DeviceSample::setEventTime, settings);
        KStream<byte[], Decoded<RunEvent>> runs = decode(builder, Topics.RUN, EventCodec.run(),
                RunEvent::getEventTime, RunEvent::setEventTime, settings);

        // Each event once (SPEC §3a), whatever was resent: one id store for both kinds of the task.
        builder.addStateStore(FirstDelivery.store());
        KStream<byte[], InferenceEvent> validInferences = events(inferences, "inference")
                .processValues(() -> new FirstDelivery<>(InferenceEvent::getEventId, InferenceEvent::getEventTime,
                        settings.arrival()), Named.as("once-inference"), FirstDelivery.IDS);
        KStream<byte[], DeviceSample> validDeviceSamples = events(deviceSamples, "device")
                .processValues(() -> new FirstDelivery<>(DeviceSample::getEventId, DeviceSample::getEventTime,
                        settings.arrival()), Named.as("once-device"), FirstDelivery.IDS);

        latencyWindows(builder, validInferences, settings);
        throttleEpisodes(builder, validInferences, validDeviceSamples, settings);
        divergence(builder, validInferences, settings);

        writeTo(deadLetters(inferences, "inference")
                .merge(deadLetters(deviceSamples, "device")), Topics.DEAD_LETTER, "dead-letters", settings.metrics());
        // Runs only need checking: a sink of their own keeps the run topic out of the tasks of the analytics,
        // which otherwise check its (mostly empty) partitions before every record they process.
        writeTo(deadLetters(runs, "run"), Topics.DEAD_LETTER, "dead-letters-run", settings.metrics());

        return builder.build();
    }

    /**
     * SPEC §3: latency windows per latency key. Each input task first sums its events into partial windows,
     * so the repartition by latency key carries a few partial windows per interval rather than every event.
     */
    private static void latencyWindows(StreamsBuilder builder, KStream<byte[], InferenceEvent> inferences,
                                       AnalyticsSettings settings) {
        LatencyWindowAnalytic analytic = new LatencyWindowAnalytic(settings.latency());
        StateCodec<WindowContribution<LatencyWindowState>> partialCodec = WindowContribution.codec(analytic.windowCodec());
        builder.addStateStore(LiveStateStore.builder(PartialWindowsProcessor.partialsStore(analytic), partialCodec));
        builder.addStateStore(cachedStore(PartialWindowsProcessor.updatedStore(analytic)));
        KStream<LatencyKey, WindowContribution<LatencyWindowState>> partials = inferences
                .process(() -> new PartialWindowsProcessor<>(analytic, OperatorInputs::latency),
                        Named.as("latency-partials"), PartialWindowsProcessor.partialsStore(analytic),
                        PartialWindowsProcessor.updatedStore(analytic))
                .repartition(Repartitioned.with(new StateSerde<>(analytic.keyCodec()), new StateSerde<>(partialCodec))
                        .withName("latency-partials-by-key"));
        keyedWindows(builder, partials, analytic, settings);
    }

    /**
     * SPEC §4: inferences and device samples as thermal samples, one episode detector per device.
     *
     * <p>A record keyed by its device id, as the SDK and the collector publish, is already on its device's
     * partition: its sample goes straight to the detector. Any other record takes the repartition topic, which
     * Kafka Streams gives as many partitions as the input topics and fills with the producer's partitioner, so
     * its sample reaches the same task, and detector, as the device's keyed ones. This needs the inference and
     * device topics to have the same number of partitions ({@link AnalyticsApp} checks it at start).
     */
    private static void throttleEpisodes(StreamsBuilder builder, KStream<byte[], InferenceEvent> inferences,
                                         KStream<byte[], DeviceSample> deviceSamples, AnalyticsSettings settings) {
        ThrottleEpisodeAnalytic analytic = new ThrottleEpisodeAnalytic(settings.throttle());
        // A busy device's detector holds minutes of latency sketches: keep fewer of them in memory.
        builder.addStateStore(LiveStateStore.builder(THROTTLE_DETECTORS, new DetectorChunks(settings.throttle()))
                .capacity(1_000));
        Map<String, KStream<byte[], ThermalSample>> byKeying = inferences
                .mapValues(event -> OperatorInputs.thermal(event), Named.as("thermal-inference"))
                .merge(deviceSamples.mapValues(sample -> OperatorInputs.thermal(sample), Named.as("thermal-device")),
                        Named.as("thermal-samples"))
                .split(Named.as("thermal-"))
                .branch(AnalyticsTopology::keyedByDevice, Branched.as("keyed-by-device"))
                .defaultBranch(Branched.as("keyed-otherwise"));
        KStream<byte[], ThermalSample> repartitioned = byKeying.get("thermal-keyed-otherwise")
                .selectKey((key, sample) -> analytic.keyCodec().encode(analytic.key(sample)), Named.as("thermal-device-key"))
                .repartition(Repartitioned.with(Serdes.ByteArray(), new StateSerde<>(ThermalSample.CODEC))
                        .withName("thermal-by-device"));
        KStream<String, ThrottleEpisode> episodes = byKeying.get("thermal-keyed-by-device")
                .merge(repartitioned, Named.as("thermal-by-device-all"))
                .process(() -> new KeyedStateProcessor<>(analytic, THROTTLE_DETECTORS, null, settings.emitInterval()),
                        Named.as("throttle-episodes"), THROTTLE_DETECTORS);
        writeRecords(builder, episodes, analytic, settings);
    }

    private static boolean keyedByDevice(byte[] key, ThermalSample sample) {
        return key != null && Arrays.equals(key, sample.deviceId().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * SPEC §5: inferences with outputs and an input id paired per (model, input id); pairs to the divergence
     * topic, rejections to the dead letters, pairs and unmatched candidates into windows per divergence key.
     */
    private static void divergence(StreamsBuilder builder, KStream<byte[], InferenceEvent> inferences,
                                   AnalyticsSettings settings) {
        ReferencePairingAnalytic pairing = new ReferencePairingAnalytic(settings.divergence());
        builder.addStateStore(LiveStateStore.builder(DIVERGENCE_PAIRINGS, pairing.stateCodec()));
        builder.addStateStore(cachedStore(DIVERGENCE_EXPIRIES));
        KStream<PairingKey, Outcome> outcomes = inferences
                .flatMap((key, event) -> OperatorInputs.output(event)
                        .map(sample -> List.of(KeyValue.pair(sample.pairingKey(), new OutputEvent(sample, OperatorInputs.testRun(event)))))
                        .orElse(List.of()), Named.as("divergence-outputs"))
                .repartition(Repartitioned.with(new StateSerde<>(pairing.keyCodec()), new StateSerde<>(OutputEvent.CODEC))
                        .withName("outputs-by-input"))
                .process(() -> new KeyedStateProcessor<>(pairing, DIVERGENCE_PAIRINGS, DIVERGENCE_EXPIRIES,
                        settings.emitInterval()), Named.as("divergence-pairing"), DIVERGENCE_PAIRINGS, DIVERGENCE_EXPIRIES);
        writeRecords(builder, outcomes, pairing, settings);

        DivergenceWindowAnalytic analytic = new DivergenceWindowAnalytic(settings.divergence());
        KStream<DivergenceKey, WindowContribution<DivergenceWindow>> contributions = outcomes
                .flatMap((key, outcome) -> DivergenceContribution.of(outcome.outcome(), settings.divergence())
                        .map(contribution -> List.of(KeyValue.pair(analytic.key(contribution),
                                new WindowContribution<>(analytic.eventTime(contribution), contribution.window()))))
                        .orElse(List.of()), Named.as("divergence-contributions"))
                .repartition(Repartitioned.with(new StateSerde<>(analytic.keyCodec()),
                                new StateSerde<>(WindowContribution.codec(analytic.windowCodec())))
                        .withName("divergence-by-window-key"));
        keyedWindows(builder, contributions, analytic, settings);
    }

    /**
     * A keyed-state analytic's records to their topics; those of its replacing topic wait for the next emit
     * tick in {@code <name>-pending}, where a newer record of a key replaces the older.
     */
    private static <O> void writeRecords(StreamsBuilder builder, KStream<?, O> outcomes,
                                         KeyedStateAnalytic<?, ?, ?, O> analytic, AnalyticsSettings settings) {
        KStream<String, DerivedRecord> records = outcomes.flatMap((key, outcome) -> analytic.records(outcome).stream()
                .map(record -> KeyValue.pair(record.key(), record)).toList(), Named.as(analytic.name() + "-records"));
        String replacing = analytic.replacingTopic();
        if (replacing != null) {
            String pending = analytic.name() + "-pending";
            builder.addStateStore(cachedStore(pending));
            records = records.process(() -> new LatestRecordsProcessor<>(replacing, pending, settings.emitInterval()),
                    Named.as(analytic.name() + "-latest"), pending);
        }
        PipelineMetrics metrics = settings.metrics();
        records.peek((key, record) -> count(record, metrics), Named.as("count-" + analytic.name()))
                .to((key, record, context) -> record.topic(), Produced.with(Serdes.String(), DERIVED_VALUES));
    }

    /** A derived record going out; a dead letter (rare) also by the class of its reason. */
    private static void count(DerivedRecord record, PipelineMetrics metrics) {
        metrics.eventsOut(record.topic(), 1);
        if (record.topic().equals(Topics.DEAD_LETTER)) {
            DeadLetter letter = DeadLetter.fromJson(record.value());
            metrics.deadLetter(letter.topic(), ReasonClass.of(letter).label());
        }
    }

    /** Any windowed analytic's windows from its partials by key, to the analytic's derived topic (SPEC §3a). */
    private static <K, W> void keyedWindows(StreamsBuilder builder, KStream<K, WindowContribution<W>> partials,
                                            WindowedAnalytic<?, K, W> analytic, AnalyticsSettings settings) {
        builder.addStateStore(LiveStateStore.builder(KeyedWindowsProcessor.windowsStore(analytic), analytic.windowCodec()));
        builder.addStateStore(cachedStore(KeyedWindowsProcessor.dirtyStore(analytic)));
        builder.addStateStore(cachedStore(KeyedWindowsProcessor.clocksStore(analytic)));
        writeTo(partials
                .process(() -> new KeyedWindowsProcessor<>(analytic, settings.emitInterval(), settings.arrival(),
                                settings.metrics()),
                        Named.as(analytic.name() + "-windows"), KeyedWindowsProcessor.windowsStore(analytic),
                        KeyedWindowsProcessor.dirtyStore(analytic), KeyedWindowsProcessor.clocksStore(analytic)),
                analytic.topic(), analytic.name() + "-windows", settings.metrics());
    }

    /** Writes {@code stream} to {@code topic}, counting each record as an event out; {@code name} names the count. */
    private static void writeTo(KStream<String, byte[]> stream, String topic, String name, PipelineMetrics metrics) {
        stream.peek((key, value) -> metrics.eventsOut(topic, 1), Named.as("count-" + name))
                .to(topic, Produced.with(Serdes.String(), Serdes.ByteArray()));
    }

    /**
     * A persistent store behind Kafka Streams' record cache, for small values written on almost every event
     * (dirty marks, watermarks): a key updated by thousands of events between two commits reaches RocksDB and
     * its changelog once per commit. Operator state lives in a {@link LiveStateStore} instead, which also
     * saves decoding and encoding it per event.
     */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> cachedStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    private static <T extends SpecificRecord> KStream<byte[], Decoded<T>> decode(
            StreamsBuilder builder, String topic, EventCodec<T> codec, ToLongFunction<T> eventTime,
            ObjLongConsumer<T> placeAt, AnalyticsSettings settings) {
        // Event time capped at the arrival as the record timestamp: a task orders the records of its input
        // topics by it, and the broker accepts it on every topic the job writes.
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withTimestampExtractor(new EventTimeExtractor()).withName("read-" + topic))
                .processValues(() -> new InputDecoder<>(codec, eventTime, placeAt, settings.arrival(), settings.metrics()),
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
