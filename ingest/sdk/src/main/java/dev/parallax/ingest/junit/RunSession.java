package dev.parallax.ingest.junit;

import dev.parallax.codec.EventCodec;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.ingest.EventPublisher;
import dev.parallax.ingest.PublisherCounters;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import dev.parallax.schema.RunTrigger;
import dev.parallax.schema.TestOutcome;
import dev.parallax.schema.TestResult;
import dev.parallax.schema.Tier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test JVM's part of its build's run ({@link BuildRun}): the run id, the device and the publisher. Publishes
 * RunEvent STARTED when it starts the run and FINISHED when it is the last JVM of the build to leave it, when JUnit
 * closes the root context; then flushes and closes the publisher and logs a one-line summary. FINISHED lists the
 * run's tests, over all its JVMs, with their outcome, duration and latency percentiles (RunEvent {@code tests}, at
 * most 1,000: {@link ListedTests}), and carries the run's totals as attributes ({@code tests_passed},
 * {@code tests_failed}, {@code tests_skipped}: aborted or disabled, {@code inferences}: recorded, whether delivered
 * yet or still in a spool, {@code test_jvms}: the JVMs whose parts it adds up).
 *
 * <p>With {@code runner.enabled=false} events are still built and validated, then discarded: no run, no Kafka, no
 * spool.
 *
 * <p>Both close interfaces: JUnit from 5.13 closes {@link AutoCloseable} store values (and warns about a
 * {@code CloseableResource} alone), older versions only know {@code CloseableResource}.
 */
final class RunSession implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RunSession.class.getName());
    /** Tests whose latency the summary line shows, slowest p99 first: a line, not a report. */
    private static final int SLOWEST_SHOWN = 5;

    final String runId;
    final String deviceId;
    final String deviceClass;
    final Tier tier;
    final String runtime;
    private final RunTrigger trigger;
    private final String gitSha;
    private final boolean failOnUndelivered;
    /** Both null when recording is off. */
    private final BuildRun run;
    private final EventPublisher publisher;
    private final LongAdder passed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder inferences = new LongAdder();
    /** Tests of this JVM that have begun and not ended, by JUnit's unique id of the execution. */
    private final Map<String, TestExecution> running = new ConcurrentHashMap<>();
    /** This JVM's ended tests; guarded by itself. */
    private final ListedTests listed = new ListedTests();

    RunSession(ParallaxConfig config) {
        this.deviceId = config.get("runner.device.id", hostname());
        this.deviceClass = config.get("runner.device.class", "jvm-" + System.getProperty("os.arch"));
        this.tier = config.getEnum("runner.tier", Tier.CLOUD);
        this.runtime = config.get("runner.runtime", "jvm");
        this.trigger = config.getEnum("runner.trigger", RunTrigger.MANUAL);
        this.gitSha = config.find("runner.git.sha").orElse(null);
        this.failOnUndelivered = config.getBoolean("runner.fail.on.undelivered", false);
        String newRunId = config.get("runner.run.id", "junit-" + UUID.randomUUID());
        if (!config.getBoolean("runner.enabled", true)) {
            this.run = null;
            this.publisher = null;
            this.runId = newRunId;
            LOG.log(System.Logger.Level.INFO, "Parallax recording is off (runner.enabled=false): inferences are validated, not sent");
            return;
        }
        // The publisher first: when it cannot be made (an address that does not resolve), the run is not joined.
        this.publisher = EventPublisher.fromConfig(config, "junit");
        this.run = BuildRun.join(runDirectory(config), config.find("runner.build.id").orElseGet(RunSession::launchingProcess),
                newRunId);
        this.runId = run.runId();
        LOG.log(System.Logger.Level.INFO, "Parallax run {0} {1}: events to Kafka at {2}", runId,
                run.started() ? "started" : "joined", publisher.bootstrapServers());
        if (run.started()) publisher.publish(runEvent(RunPhase.STARTED, Map.of(), List.of()).build());
    }

    void publish(InferenceEvent event) {
        inferences.increment();
        if (publisher == null) {
            OffCodec.INFERENCE.validate(event).ifPresent(reason -> {
                throw new IllegalArgumentException("invalid inference event " + event.getEventId() + ": " + reason);
            });
        } else {
            publisher.publish(event);
        }
    }

    /** Made once, and only when recording is off: a codec is not cheap to build (readers, encoder, JSON factory). */
    private static final class OffCodec {
        static final EventCodec<InferenceEvent> INFERENCE = EventCodec.inference();
    }

    /** The execution {@code uniqueId} of test {@code testId}: begun now unless it already has. */
    TestExecution execution(String uniqueId, String testId, String displayName) {
        return running.computeIfAbsent(uniqueId, id -> new TestExecution(testId, displayName, System.nanoTime()));
    }

    /** The execution ended (one never begun, a disabled test, took no time). */
    void ended(String uniqueId, String testId, String displayName, TestResult result) {
        long now = System.nanoTime();
        TestExecution execution = running.remove(uniqueId);
        TestOutcome outcome = (execution != null ? execution : new TestExecution(testId, displayName, now)).ended(result, now);
        switch (result) {
            case PASSED -> passed.increment();
            case FAILED -> failed.increment();
            case SKIPPED, ABORTED -> skipped.increment();
        }
        synchronized (listed) {
            listed.add(outcome);
        }
    }

    /** This JVM's part so far, for the test report: tests, events, and the slowest tests' latency p50/p99. */
    String summary() {
        String tests = passed.sum() + " passed, " + failed.sum() + " failed, " + skipped.sum() + " skipped";
        String latencies;
        synchronized (listed) {
            latencies = listed.latencySummary(SLOWEST_SHOWN);
        }
        latencies = latencies.isEmpty() ? "" : "; " + latencies;
        if (publisher == null) return "Parallax run " + runId + " (recording off): " + tests + latencies;
        PublisherCounters events = publisher.counters();
        return "Parallax run " + runId + ": " + tests + "; " + inferences.sum() + " inferences recorded; "
                + (events.sent() + events.replayed()) + " events sent, "
                + events.spooled() + " spooled, " + events.dropped() + " dropped, " + events.spoolBytes()
                + " bytes waiting in the spool (Kafka at " + publisher.bootstrapServers() + ")" + latencies;
    }

    /**
     * @throws IllegalStateException with {@code runner.fail.on.undelivered=true}, when events could not be delivered
     */
    @Override
    public void close() {
        if (publisher == null) return;
        List<TestOutcome> tests;
        synchronized (listed) {
            tests = listed.list();
        }
        Optional<BuildRun.Finished> finished = run.leave(Map.of("tests_passed", passed.sum(), "tests_failed",
                failed.sum(), "tests_skipped", skipped.sum(), "inferences", inferences.sum(), "test_jvms", 1L), tests);
        finished.ifPresent(end -> publisher.publish(runEvent(RunPhase.FINISHED, end.totals(), end.tests())
                .setEventId(end.eventId()).setEventTime(end.eventTime()).build()));
        publisher.close();
        PublisherCounters events = publisher.counters();
        LOG.log(System.Logger.Level.INFO, summary() + (finished.isPresent() ? "; run finished" : ""));
        if (failOnUndelivered && (events.spoolBytes() > 0 || events.dropped() > 0)) {
            throw new IllegalStateException("Parallax run " + runId + ": events could not be delivered to Kafka at "
                    + publisher.bootstrapServers() + " (" + events.spoolBytes() + " bytes wait in the spool, "
                    + events.dropped() + " events dropped); failing as runner.fail.on.undelivered=true asks");
        }
    }

    private RunEvent.Builder runEvent(RunPhase phase, Map<String, Long> totals, List<TestOutcome> tests) {
        Map<String, String> attributes = new HashMap<>(Map.of("device_id", deviceId, "runner", "junit5"));
        totals.forEach((key, value) -> attributes.put(key, String.valueOf(value)));
        return RunEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(System.currentTimeMillis())
                .setRunId(runId)
                .setPhase(phase)
                .setTrigger(trigger)
                .setGitSha(gitSha)
                .setAttributes(attributes)
                .setTests(tests);
    }

    /** {@code runner.run.dir}, by default {@code target/parallax-run} of the module under test. */
    private static Path runDirectory(ParallaxConfig config) {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return Path.of(config.get("runner.run.dir", module.resolve("target").resolve("parallax-run").toString()));
    }

    /**
     * The build a test JVM belongs to: for a JVM forked by Surefire or Failsafe, the Maven JVM that forked it (the
     * nearest java ancestor; a shell may stand between them); otherwise this JVM itself. Process id and start time
     * together, since ids are reused.
     */
    private static String launchingProcess() {
        ProcessHandle self = ProcessHandle.current();
        boolean forked = System.getProperty("surefire.real.class.path") != null
                || System.getProperty("surefire.test.class.path") != null;
        Optional<ProcessHandle> ancestor = forked ? self.parent() : Optional.empty();
        for (int depth = 0; depth < 4 && ancestor.isPresent(); depth++) {
            ProcessHandle process = ancestor.get();
            if (process.info().command().filter(c -> c.endsWith("/java") || c.endsWith("\\java.exe")).isPresent()) {
                return processKey(process);
            }
            ancestor = process.parent();
        }
        return processKey(self);
    }

    private static String processKey(ProcessHandle process) {
        return process.pid() + "@" + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
