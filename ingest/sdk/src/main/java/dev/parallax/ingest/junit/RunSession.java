package dev.parallax.ingest.junit;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.ingest.EventPublisher;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import dev.parallax.schema.RunTrigger;
import dev.parallax.schema.Tier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test-runner JVM's run: its run id, device and publisher. Publishes RunEvent STARTED when created and FINISHED
 * when JUnit closes the root context, then flushes and closes the publisher.
 */
final class RunSession implements ExtensionContext.Store.CloseableResource {

    final String runId;
    final String deviceId;
    final String deviceClass;
    final Tier tier;
    final String runtime;
    final EventPublisher publisher;
    private final RunTrigger trigger;
    private final String gitSha;

    RunSession(ParallaxConfig config) {
        this.runId = config.get("runner.run.id", "junit-" + UUID.randomUUID());
        this.deviceId = config.get("runner.device.id", hostname());
        this.deviceClass = config.get("runner.device.class", "jvm-" + System.getProperty("os.arch"));
        this.tier = config.getEnum("runner.tier", Tier.CLOUD);
        this.runtime = config.get("runner.runtime", "jvm");
        this.trigger = config.getEnum("runner.trigger", RunTrigger.MANUAL);
        this.gitSha = config.find("runner.git.sha").orElse(null);
        this.publisher = openPublisher(config);
        publisher.publish(runEvent(RunPhase.STARTED));
    }

    @Override
    public void close() {
        publisher.publish(runEvent(RunPhase.FINISHED));
        publisher.close();
    }

    private RunEvent runEvent(RunPhase phase) {
        return RunEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(System.currentTimeMillis())
                .setRunId(runId)
                .setPhase(phase)
                .setTrigger(trigger)
                .setGitSha(gitSha)
                .setAttributes(Map.of("device_id", deviceId, "runner", "junit5"))
                .build();
    }

    /** The shared spool {@code junit}, unless another test JVM holds it: then one of this process's own. */
    private static EventPublisher openPublisher(ParallaxConfig config) {
        try {
            return EventPublisher.fromConfig(config, "junit");
        } catch (IllegalStateException inUse) {
            return EventPublisher.fromConfig(config, "junit-" + ProcessHandle.current().pid());
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
