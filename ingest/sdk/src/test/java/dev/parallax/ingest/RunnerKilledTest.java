package dev.parallax.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.contract.Topics;
import dev.parallax.ingest.testing.SpoolingRunnerMain;
import dev.parallax.ingest.testing.TestEvents;
import dev.parallax.ingest.testing.TopicReader;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.Readiness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner killed with SIGKILL while its events wait in the spool loses none of them. */
class RunnerKilledTest {

    private static final int EVENTS = 2_000;

    @TempDir
    Path tmp;

    @Test
    void eventsSpooledByAKilledRunnerAreSentByTheNextOne() throws Exception {
        // Built but not started: its port is known and nothing listens on it yet.
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build();
        Path spool = tmp.resolve("spool");
        Path log = tmp.resolve("runner.log");

        JvmProcess runner = JvmProcess.builder(SpoolingRunnerMain.class.getName())
                .args("publish", broker.bootstrapServers(), spool.toString(), "killed", String.valueOf(EVENTS))
                .jvmArgs("-Xmx128m").logFile(log).start();
        try {
            Readiness.await("runner spooling " + EVENTS + " events", Duration.ofSeconds(30),
                    () -> Files.exists(log) && Files.readString(log).contains("published " + EVENTS));
        } finally {
            runner.kill();
        }
        assertTrue(Files.readString(log).contains("spooled=" + EVENTS), Files.readString(log));

        broker.start();
        try {
            JvmProcess next = JvmProcess.builder(SpoolingRunnerMain.class.getName())
                    .args("drain", broker.bootstrapServers(), spool.toString())
                    .jvmArgs("-Xmx128m").logFile(log).start();
            assertTrue(next.awaitExit(Duration.ofSeconds(60)), "drain finished");
            assertEquals(0, next.exitValue(), Files.readString(log));
            assertTrue(Files.readString(log).contains("replayed=" + EVENTS), Files.readString(log));

            var records = TopicReader.readAtLeast(broker.bootstrapServers(), Topics.INFERENCE, EVENTS, Duration.ofSeconds(30));
            Set<String> expected = IntStream.range(0, EVENTS).mapToObj(i -> TestEvents.eventId("killed", i))
                    .collect(Collectors.toSet());
            assertEquals(expected, PublisherOutageTest.distinctIds(records));
        } finally {
            broker.stop();
        }
    }
}
