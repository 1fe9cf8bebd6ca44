package dev.parallax.replay;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Tables;
import dev.parallax.flink.AnalyticsJob;
import dev.parallax.flink.DecodedInput;
import dev.parallax.flink.JobSettings;
import dev.parallax.warehouse.Warehouse;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Rebuilds every table the analytics job derives from the Kafka log (SPEC §10): the Flink job runs over a
 * fixed stretch of the input topics into shadow tables, and only when it has completed are they swapped in.
 * Until then the live tables are untouched (the live job may keep writing them); a failed replay leaves them
 * as they were and drops its shadows. A derived table that was dropped is created again (by its migration)
 * and rebuilt like the others.
 *
 * <p>Progress is the replay's committed source offsets (committed at each checkpoint) against the stretch,
 * with the recent rate and the time left at it. The job runs without restarts: a failure ends it at once, and
 * the replay throws that failure.
 */
public final class Replay {

    /** The job's derived tables, each with the column that places its facts in time. */
    static final Map<String, String> REBUILT = rebuilt();
    /** How often progress is read (the committed offsets) and drawn. */
    static final Duration PROGRESS_EVERY = Duration.ofMillis(250);

    private final ParallaxConfig config;
    private final JobSettings settings;
    private final PrintStream out;
    private final boolean terminal;

    public Replay(ParallaxConfig config, JobSettings settings, PrintStream out, boolean terminal) {
        this.config = config;
        this.settings = settings;
        this.out = out;
        this.terminal = terminal;
    }

    /** What a completed replay did. */
    public record Summary(long records, Map<String, Long> rows, Duration took) {
        public double recordsPerSecond() {
            return records / Math.max(1e-3, took.toMillis() / 1000.0);
        }
    }

    public Summary run(ReplayRange range) throws Exception {
        long startNanos = System.nanoTime();
        ShadowTables shadows = new ShadowTables(config, REBUILT);
        String id = "parallax-replay-" + UUID.randomUUID();
        try (Admin admin = Admin.create(KafkaClientSettings.from(config).configFor("replay's admin", Map.of()))) {
            LogStretch stretch = LogStretch.of(admin, range);
            out.printf("replay: %,d records of %s into shadow tables%n", stretch.records(),
                    range.isEverything() ? "the whole log" : "the range " + range.from().map(Object::toString).orElse("start")
                            + " .. " + range.to().map(Object::toString).orElse("now"));
            // Pending migrations first: a replay may be the first thing to run against a new warehouse.
            Warehouse.migrate(config);
            shadows.create(range);
            try {
                runJob(admin, stretch, id);
            } catch (Exception e) {
                try {
                    shadows.discard();
                } catch (Exception cleanup) {
                    e.addSuppressed(cleanup); // the replay's own failure is the one to report
                }
                throw e;
            } finally {
                admin.deleteConsumerGroups(List.of(id));
            }
            shadows.swap();
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : shadows.tables()) rows.put(table, shadows.rows(table));
            return new Summary(stretch.records(), rows, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    private void runJob(Admin admin, LogStretch stretch, String id) throws Exception {
        // Frequent checkpoints: they commit the offsets the progress bar reads. No restarts: a replay that
        // fails says why at once instead of drawing its progress bar for ever.
        JobSettings replay = settings.toBuilder().ids(id, id).checkpointInterval(Duration.ofSeconds(1)).restartAttempts(0)
                .build();
        StreamExecutionEnvironment env = AnalyticsJob.environment(replay);
        KafkaSource<DecodedInput> source = AnalyticsJob.source(KafkaClientSettings.from(config), replay)
                .setStartingOffsets(OffsetsInitializer.offsets(stretch.start()))
                .setBounded(OffsetsInitializer.offsets(stretch.end()))
                .build();
        AnalyticsJob.derive(AnalyticsJob.read(env, source, replay), replay)
                .sinkTo(new ShadowTableSink(config, ShadowTables.SUFFIX, 20_000)).name("shadow-tables");
        JobClient job = env.executeAsync("parallax-replay");
        ProgressBar bar = new ProgressBar(out, terminal, stretch.records());
        await(job, () -> stretch.recordsBefore(committed(admin, id)), bar, PROGRESS_EVERY);
        bar.finish(stretch.records());
    }

    /**
     * Draws progress until the job ends, however it ends (a replay has no restarts: its first failure ends it),
     * then returns its result or throws its failure. A progress read that fails skips one drawing; an interrupted
     * wait cancels the job, which must not outlive its replay.
     */
    static JobExecutionResult await(JobClient job, Callable<Long> done, ProgressBar bar, Duration every)
            throws Exception {
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        try {
            while (!result.isDone()) {
                try {
                    bar.show(done.call());
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    // Progress is only shown: the job's own result says whether the replay worked.
                }
                Thread.sleep(every);
            }
        } catch (InterruptedException e) {
            bar.stop();
            job.cancel();
            throw e;
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            bar.stop();
            throw e;
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> positions = new LinkedHashMap<>();
        // Bounded: a broker that stopped answering must not keep the loop from seeing the job end.
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        offsets.forEach((partition, offset) -> {
            if (offset != null) positions.put(partition, offset.offset());
        });
        return positions;
    }

    private static Map<String, String> rebuilt() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put(Tables.LATENCY_WINDOWS, "window_start");
        tables.put(Tables.THROTTLE_EPISODES, "start_time");
        tables.put(Tables.DIVERGENCE_PAIRS, "candidate_event_time");
        // A window's candidates are in it by their event time, so its start places it like its pairs.
        tables.put(Tables.DIVERGENCE_WINDOWS, "window_start");
        tables.put(Tables.DEAD_LETTERS, "received_at");
        return Collections.unmodifiableMap(tables);
    }
}
