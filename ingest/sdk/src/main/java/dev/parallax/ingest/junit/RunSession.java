package dev.parallax.ingest.junit;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.ingest.EventPublisher;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import dev.parallax.schema.RunTrigger;
import dev.parallax.schema.Tier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test JVM's part of its build's run ({@link BuildRun}): the run id, the device and the publisher. Publishes
 * RunEvent STARTED when it starts the run and FINISHED when it is the last JVM of the build to leave it, when JUnit
 * closes the root context; then flushes and closes the publisher.
 *
 * <p>Both close interfaces: JUnit from 5.13 closes {@link AutoCloseable} store values (and warns about a
 * {@code CloseableResource} alone), older versions only know {@code CloseableResource}.
 */
final class RunSession implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    final String runId;
    final String deviceId;
    final String deviceClass;
    final Tier tier;
    final String runtime;
    final EventPublisher publisher;
    private final RunTrigger trigger;
    private final String gitSha;
    private final BuildRun run;

    RunSession(ParallaxConfig config) {
        this.deviceId = config.get("runner.device.id", hostname());
        this.deviceClass = config.get("runner.device.class", "jvm-" + System.getProperty("os.arch"));
        this.tier = config.getEnum("runner.tier", Tier.CLOUD);
        this.runtime = config.get("runner.runtime", "jvm");
        this.trigger = config.getEnum("runner.trigger", RunTrigger.MANUAL);
        this.gitSha = config.find("runner.git.sha").orElse(null);
        this.run = BuildRun.join(runDirectory(config), config.find("runner.build.id").orElseGet(RunSession::launchingProcess),
                config.get("runner.run.id", "junit-" + UUID.randomUUID()));
        this.runId = run.runId();
        this.publisher = EventPublisher.fromConfig(config, "junit");
        if (run.started()) publisher.publish(runEvent(RunPhase.STARTED, Map.of()));
    }

    @Override
    public void close() {
        Optional<Map<String, Long>> finished = run.leave(Map.of());
        finished.ifPresent(totals -> publisher.publish(runEvent(RunPhase.FINISHED, totals)));
        publisher.close();
    }

    private RunEvent runEvent(RunPhase phase, Map<String, Long> totals) {
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
                .build();
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
