package dev.parallax.ingest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.ingest.testing.SpoolingRunnerMain;
import dev.parallax.ingest.testing.TestJvmMain;
import dev.parallax.ingest.testing.TopicReader;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.JvmProcess;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two test JVMs forked by one build record while Kafka is down, each into its own slot of the one spool; a third
 * process, of any kind, delivers both slots. Every event arrives once, and the build is one run: one STARTED, one
 * FINISHED, which lists the tests of both forks.
 */
class ForkedRunTest {

    private static final int PER_JVM = 300;
    private static final int FORKS = 2;

    @TempDir
    Path tmp;

    @Test
    void forkedJvmsWhileKafkaIsDownMakeOneRunThatTheNextProcessDeliversOnce() throws Exception {
        // Built but not started: its port is known and nothing listens on it yet.
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build();
        Path spool = tmp.resolve("spool");
        Path barrier = Files.createDirectories(tmp.resolve("barrier"));
        List<JvmProcess> forks = new ArrayList<>();
        for (int i = 0; i < FORKS; i++) {
            forks.add(JvmProcess.builder(TestJvmMain.class.getName()).args(ExampleForkedSuite.class.getName())
                    .jvmArgs("-Xmx128m",
                            "-Dsurefire.real.class.path=forked", // as Surefire marks its forks: this JVM is the build
                            "-Dparallax.home=" + tmp.resolve("home"),
                            "-Dparallax.kafka.bootstrap=" + broker.bootstrapServers(),
                            "-Dparallax.publisher.spool.dir=" + spool,
                            "-Dparallax.runner.run.dir=" + tmp.resolve("run"),
                            "-Dexample.inferences=" + PER_JVM,
                            "-Dexample.barrier=" + barrier,
                            "-Dexample.parties=" + FORKS)
                    .logFile(tmp.resolve("fork-" + i + ".log")).start());
        }
        for (int i = 0; i < FORKS; i++) {
            String log = tmp.resolve("fork-" + i + ".log").toString();
            assertTrue(forks.get(i).awaitExit(Duration.ofSeconds(90)), "fork " + i + " finished");
            assertEquals(0, forks.get(i).exitValue(), Files.readString(Path.of(log)));
        }
        assertTrue(Files.isDirectory(spool.resolve("slot-1")), "the forks overlapped, each in its own slot");

        broker.start();
        try {
            Path log = tmp.resolve("next.log");
            JvmProcess next = JvmProcess.builder(SpoolingRunnerMain.class.getName())
                    .args("drain", broker.bootstrapServers(), spool.toString())
                    .jvmArgs("-Xmx128m").logFile(log).start();
            assertTrue(next.awaitExit(Duration.ofSeconds(60)), "drain finished");
            assertEquals(0, next.exitValue(), Files.readString(log));
            int expected = FORKS * PER_JVM;
            assertTrue(Files.readString(log).contains("replayed=" + (expected + 2)), Files.readString(log));

            // Read past the expected count for a while, so that a duplicate would be seen.
            List<InferenceEvent> inferences = TopicReader.decode(EventCodec.inference(), TopicReader.readUntil(
                    broker.bootstrapServers(), Topics.INFERENCE, Duration.ofSeconds(8), read -> read.size() > expected));
            assertEquals(expected, inferences.size());
            assertEquals(expected, inferences.stream().map(InferenceEvent::getEventId).distinct().count());
            List<RunEvent> runs = TopicReader.decode(EventCodec.run(), TopicReader.readUntil(
                    broker.bootstrapServers(), Topics.RUN, Duration.ofSeconds(3), read -> read.size() > 2));
            assertEquals(Set.of(RunPhase.STARTED, RunPhase.FINISHED), runs.stream().map(RunEvent::getPhase).collect(Collectors.toSet()));
            assertEquals(2, runs.size(), runs.toString());
            String runId = runs.getFirst().getRunId();
            assertEquals(runId, runs.getLast().getRunId());
            assertTrue(inferences.stream().allMatch(e -> e.getRunId().equals(runId)), "one run id across the forks");
            RunEvent finished = runs.stream().filter(r -> r.getPhase() == RunPhase.FINISHED).findFirst().orElseThrow();
            assertEquals(List.of("PASSED 300", "PASSED 300"), finished.getTests().stream()
                    .map(t -> t.getOutcome() + " " + t.getInferences()).toList(), "the FINISHED lists every fork's test");
        } finally {
            broker.stop();
        }
    }
}
