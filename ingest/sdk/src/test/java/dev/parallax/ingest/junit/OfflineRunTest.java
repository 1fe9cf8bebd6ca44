package dev.parallax.ingest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** What a CI owner can choose for a build while Kafka is away: fail it, or not record at all. */
class OfflineRunTest {

    /** Nothing listens there. */
    private static final String DOWN = "127.0.0.1:1";

    @TempDir
    Path tmp;

    @Test
    void failOnUndeliveredFailsTheRunNamingTheAddressWithoutWaitingOutTheCloseTimeout() {
        long started = System.nanoTime();
        TestExecutionSummary summary = runExampleSuite(Map.of("parallax.runner.fail.on.undelivered", "true"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(3, summary.getTestsSucceededCount());
        assertEquals(1, summary.getTotalFailureCount(), "the run itself fails");
        Throwable failure = summary.getFailures().getFirst().getException();
        String message = failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage();
        assertTrue(message.contains(DOWN) && message.contains("runner.fail.on.undelivered"), message);
        // The close timeout is 10 s; Kafka was known down, so closing did not wait for it.
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
        assertTrue(Files.isDirectory(tmp.resolve("spool").resolve("slot-0")), "the events wait in the spool");
    }

    @Test
    void withoutFailOnUndeliveredTheRunPassesAndSpools() {
        TestExecutionSummary summary = runExampleSuite(Map.of());
        assertEquals(3, summary.getTestsSucceededCount());
        assertEquals(0, summary.getTotalFailureCount(), summary.getFailures().toString());
    }

    @Test
    void recordingOffTouchesNeitherKafkaNorTheSpool() {
        TestExecutionSummary summary = runExampleSuite(Map.of("parallax.runner.enabled", "false",
                "parallax.runner.fail.on.undelivered", "true"));
        assertEquals(3, summary.getTestsSucceededCount());
        assertEquals(0, summary.getTotalFailureCount(), summary.getFailures().toString());
        assertFalse(Files.exists(tmp.resolve("spool")));
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void anAddressThatDoesNotResolveIsNamedWithItsKey() {
        TestExecutionSummary summary = runExampleSuite(Map.of("parallax.kafka.bootstrap", "kafka.invalid:9092"));
        assertTrue(summary.getTotalFailureCount() > 0, "the recorded tests fail");
        String message = String.valueOf(summary.getFailures().getFirst().getException().getMessage());
        assertTrue(message.contains("'kafka.invalid:9092' (kafka.bootstrap)"), message);
    }

    private TestExecutionSummary runExampleSuite(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "parallax.home", tmp.resolve("home").toString(),
                "parallax.kafka.bootstrap", DOWN,
                "parallax.publisher.spool.dir", tmp.resolve("spool").toString(),
                "parallax.runner.run.dir", tmp.resolve("run").toString()));
        properties.putAll(extra);
        properties.forEach(System::setProperty);
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(ExampleRecordedSuite.class)).build(), listener);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        return listener.getSummary();
    }
}
