package dev.parallax.flink;

import dev.parallax.metrics.StateGauge;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * A running Flink job as its client sees it, on the client's metrics endpoint: its state
 * ({@code parallax_job_state{job="flink"}}) and its counts ({@link JobCounts}: events in and out per topic, dead
 * letters by reason class, late and too-late inputs), read from the job every {@link #POLL}. Flink ships its tasks'
 * accumulators with their heartbeats, so a count is up to a heartbeat interval (10 s) behind.
 */
public final class FlinkJobMetrics implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(1);

    private final JobClient job;
    private final MeterRegistry registry;
    private final AtomicReference<JobStatus> status = new AtomicReference<>(JobStatus.INITIALIZING);
    private final Map<String, Long> totals = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("flink-job-metrics").daemon().factory());

    private FlinkJobMetrics(JobClient job, MeterRegistry registry) {
        this.job = job;
        this.registry = registry;
        StateGauge.register(registry, "flink", JobStatus.class, status::get);
        poller.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads {@code job} into {@code registry} until closed. */
    public static FlinkJobMetrics watch(JobClient job, MeterRegistry registry) {
        return new FlinkJobMetrics(job, registry);
    }

    private void poll() {
        try {
            status.set(job.getJobStatus().get(POLL.toMillis() * 5, TimeUnit.MILLISECONDS));
            job.getAccumulators().get(POLL.toMillis() * 5, TimeUnit.MILLISECONDS).forEach((name, value) -> {
                if (JobCounts.isCount(name) && value instanceof Long count && totals.put(name, count) == null) {
                    FunctionCounter.builder(JobCounts.meter(name), totals, t -> t.getOrDefault(name, 0L))
                            .tags(JobCounts.tags(name)).register(registry);
                }
            });
        } catch (ExecutionException | TimeoutException e) {
            // The job is between states, or gone: the last state and counts stand until it answers again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
