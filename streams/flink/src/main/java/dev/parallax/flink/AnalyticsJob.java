package dev.parallax.flink;

import dev.parallax.analytics.divergence.DivergenceContribution;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Topics;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.metrics.MetricsService;
import dev.parallax.streams.records.AttributedPairing.Outcome;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.DivergenceWindowAnalytic;
import dev.parallax.streams.records.LatencyWindowAnalytic;
import dev.parallax.streams.records.ReferencePairingAnalytic;
import dev.parallax.streams.records.ThrottleEpisodeAnalytic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The analytics job on Apache Flink: the Kafka Streams job's results (SPEC §2-§5) computed by the same
 * engine-free operators, read from the input topics with event-time watermarks and written exactly once to the
 * same derived topics under the same keys, so the same ClickHouse sink fills the same tables.
 *
 * <p>{@link #derive} is the engine-side pipeline, whatever the source and sink; {@link #main} runs it on the
 * configured Kafka cluster ({@code flink run parallax-streams-flink-job.jar}, or in-process with Flink on the
 * classpath), {@link dev.parallax.replay.ReplayMain} runs it over a bounded stretch of the log. Its client serves the
 * job's state and counts ({@link FlinkJobMetrics}) at {@code flink.metrics.port} (9404; {@code flink.metrics.bind},
 * 127.0.0.1) while it runs.
 */
public final class AnalyticsJob {

    private static final TypeInformation<DerivedRecord> DERIVED = TypeInformation.of(DerivedRecord.class);
    static final OutputTag<WindowContribution> DIVERGENCE_CONTRIBUTIONS =
            new OutputTag<>("divergence-contributions") {
            };

    private AnalyticsJob() {
    }

    public static void main(String[] args) throws Exception {
        ParallaxConfig config = ParallaxConfig.load();
        JobSettings settings = JobSettings.from(config);
        StreamExecutionEnvironment env = environment(settings);
        KafkaClientSettings kafka = KafkaClientSettings.from(config);
        DataStream<DecodedInput> inputs = read(env, source(kafka, settings)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .build(), settings);
        derive(inputs, settings).sinkTo(sink(kafka, settings)).name("derived-topics").uid("derived-topics");
        JobClient job = env.executeAsync("parallax-analytics");
        try (MetricsEndpoint metrics = MetricsEndpoint.start(config, MetricsService.FLINK, "127.0.0.1");
             FlinkJobMetrics watched = FlinkJobMetrics.watch(job, metrics.registry())) {
            System.out.println("flink job " + job.getJobID() + " submitted, metrics at " + metrics.url());
            job.getJobExecutionResult().get();
        }
    }

    /**
     * An environment with the job's {@link #configuration}: local (a MiniCluster in this process) unless the
     * caller runs under {@code flink run}, or the configuration names a cluster ({@code execution.target}).
     */
    public static StreamExecutionEnvironment environment(JobSettings settings) {
        return StreamExecutionEnvironment.getExecutionEnvironment(configuration(settings));
    }

    /**
     * The job's parallelism and state backend (heap, or RocksDB on local disk checkpointed incrementally),
     * exactly-once checkpoints written to files (state of any size, not the job manager's few MiB) and kept when
     * the job is cancelled, and a bounded number of restarts, after which the job fails with its cause.
     */
    public static Configuration configuration(JobSettings settings) {
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, settings.parallelism());
        // Chained operators hand records on without a copy (a reflective deep copy of each POJO otherwise, about a
        // sixth of the task's time): safe here, as the decoder makes new objects per record and no operator
        // changes a record it received or sent on (network inputs are never deserialized into reused objects).
        configuration.set(PipelineOptions.OBJECT_REUSE, true);
        configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(settings.checkpointIntervalMs()));
        configuration.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDir());
        configuration.set(StateBackendOptions.STATE_BACKEND, settings.stateBackend());
        configuration.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // A cancelled live job leaves its newest checkpoint, to resume from with `flink run -s`.
        configuration.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, settings.restartAttempts());
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return configuration;
    }

    /**
     * A source over the input topics that decodes as it reads (see {@link InputDecoder}); the caller sets the
     * starting (and, for a bounded run, stopping) offsets. Only committed records are read.
     */
    public static KafkaSourceBuilder<DecodedInput> source(KafkaClientSettings kafka, JobSettings settings) {
        return KafkaSource.<DecodedInput>builder()
                .setProperties(kafka.propertiesFor("Flink job's source",
                        Map.of("group.id", settings.groupId(), "isolation.level", "read_committed")))
                .setTopics(Topics.INPUTS)
                .setDeserializer(new InputDecoder(settings.arrival()));
    }

    public static DataStream<DecodedInput> read(StreamExecutionEnvironment env, KafkaSource<DecodedInput> source,
                                                JobSettings settings) {
        return env.fromSource(source, EventTimeWatermarks.strategy(Duration.ofMillis(settings.idleTimeoutMs())),
                "input-topics").uid("input-topics");
    }

    /**
     * Every derived record of the decoded inputs, keyed and computed as in the Kafka Streams job: dead letters,
     * each inference and device sample once (by event id), latency windows per latency key, throttle episodes per device, divergence pairs per (model, input id) with
     * their rejections as dead letters, and divergence windows per (model, candidate precision, device class).
     * What it reads and writes is counted ({@link Counted}).
     */
    public static DataStream<DerivedRecord> derive(DataStream<DecodedInput> read, JobSettings settings) {
        // Stateful operators carry fixed ids, so a checkpoint or savepoint restores into a changed job graph.
        DataStream<DecodedInput> inputs = Counted.inputs(read);
        DataStream<DerivedRecord> deadLetters = inputs
                .filter(input -> !input.isAccepted()).name("refused")
                .map(input -> new DerivedRecord(Topics.DEAD_LETTER, input.deadLetterId, input.deadLetter))
                .name("dead-letters");
        SingleOutputStreamOperator<LatencyInput> operatorInputs = byKey(inputs
                .filter(DecodedInput::isAnalysed).name("analysed"), FirstDelivery::bucketKey, settings)
                .transform("first-delivery", inputs.getType(), new LiveStateOperator<>(new FirstDelivery(
                        settings.arrival()))).uid("first-delivery-buckets")
                .process(new OperatorInputSplit()).name("operator-inputs");
        DataStream<DerivedRecord> latencyWindows = byKey(operatorInputs, input -> input.key, settings)
                .transform("latency-windows", DERIVED, new LiveStateOperator<>(new KeyedWindowsFunction<>(settings,
                        job -> new LatencyWindowAnalytic(job.latency()), LatencyInput::observation,
                        LatencyWindowStateSerializer.INSTANCE))).uid("latency-windows");
        DataStream<DerivedRecord> throttleEpisodes = byKey(operatorInputs.getSideOutput(OperatorInputSplit.THERMAL),
                        sample -> sample.deviceId, settings)
                .transform("throttle-episodes", DERIVED, new LiveStateOperator<>(new KeyedStateFunction<>(settings,
                        job -> new ThrottleEpisodeAnalytic(job.throttle()), ThermalInput::sample,
                        Types.POJO(ThermalInput.class), DeviceDetectorSerializer.INSTANCE, null, null))).uid("throttle-episodes");
        SingleOutputStreamOperator<DerivedRecord> pairing = byKey(operatorInputs.getSideOutput(OperatorInputSplit.OUTPUTS),
                        output -> output.key, settings)
                .transform("divergence-pairing", DERIVED, new LiveStateOperator<>(new KeyedStateFunction<>(settings,
                        job -> new ReferencePairingAnalytic(job.divergence()), OutputInput::event,
                        Types.POJO(OutputInput.class), AttributedPairingSerializer.INSTANCE, DIVERGENCE_CONTRIBUTIONS,
                        AnalyticsJob::divergenceContribution))).uid("divergence-pairing");
        DataStream<DerivedRecord> divergenceWindows = byKey(pairing.getSideOutput(DIVERGENCE_CONTRIBUTIONS),
                        contribution -> contribution.key, settings)
                .transform("divergence-windows", DERIVED, new LiveStateOperator<>(new KeyedWindowsFunction<>(settings,
                        job -> new DivergenceWindowAnalytic(job.divergence()), WindowContribution::divergenceContribution,
                        DivergenceWindowSerializer.INSTANCE))).uid("divergence-windows");
        return Counted.outputs(deadLetters.union(latencyWindows, throttleEpisodes, pairing, divergenceWindows));
    }

    /**
     * The stream keyed by {@code key}. With parallelism 1 every key group is on the one subtask, so the stream is
     * already partitioned as {@code keyBy} would partition it: it is taken as keyed as it is, and the operators
     * chain instead of handing every record over through a serialized network exchange. State and timers are per
     * key either way, so a checkpoint restores at any parallelism.
     */
    private static <T> KeyedStream<T, String> byKey(DataStream<T> stream, KeySelector<T, String> key,
                                                    JobSettings settings) {
        return settings.parallelism() == 1 ? DataStreamUtils.reinterpretAsKeyedStream(stream, key, Types.STRING)
                : stream.keyBy(key);
    }

    /** A pairing outcome's contribution to its divergence window, if it makes one. */
    static Function<Outcome, Optional<WindowContribution>> divergenceContribution(JobSettings settings) {
        DivergenceSettings divergence = settings.divergence();
        return outcome -> DivergenceContribution.of(outcome.outcome(), divergence).map(WindowContribution::of);
    }

    /** Writes derived records to their topics in Kafka transactions committed with each checkpoint. */
    public static KafkaSink<DerivedRecord> sink(KafkaClientSettings kafka, JobSettings settings) {
        return KafkaSink.<DerivedRecord>builder()
                .setKafkaProducerConfig(kafka.propertiesFor("Flink job's sink",
                        Map.of("transaction.timeout.ms", Long.toString(settings.transactionTimeoutMs()))))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.transactionalIdPrefix())
                .setRecordSerializer((KafkaRecordSerializationSchema<DerivedRecord>) (record, context, timestamp) ->
                        new ProducerRecord<>(record.topic(), record.key().getBytes(StandardCharsets.UTF_8),
                                record.value()))
                .build();
    }
}
