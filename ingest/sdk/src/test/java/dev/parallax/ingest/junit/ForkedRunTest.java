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
import java.io.IOException;
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
 * FINISHED, which lists the tests of both forks. Forks one after the other make one run too.
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
            forks.add(fork(broker, spool, barrier, FORKS, i));
        }
        for (int i = 0; i < FORKS; i++) {
            awaitSuccess(forks.get(i), i);
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

    /**
     * Forks one after the other ({@code forkCount=1}, {@code reuseForks=false}): the second continues the run and
     * restates its one FINISHED (same event id and time) with both forks' tests, which the {@code runs} table keeps
     * (RunRowsTest).
     */
    @Test
    void forksOneAfterTheOtherRestateTheRunsOneFinished() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build();
        broker.start();
        try {
            for (int i = 0; i < FORKS; i++) {
                awaitSuccess(fork(broker, tmp.resolve("spool"), Files.createDirectories(tmp.resolve("barrier-" + i)), 1, i), i);
            }
            List<RunEvent> runs = TopicReader.decode(EventCodec.run(), TopicReader.readUntil(
                    broker.bootstrapServers(), Topics.RUN, Duration.ofSeconds(3), read -> read.size() > 3));
            assertEquals(List.of(RunPhase.STARTED, RunPhase.FINISHED, RunPhase.FINISHED),
                    runs.stream().map(RunEvent::getPhase).toList(), runs.toString());
            RunEvent first = runs.get(1);
            RunEvent restated = runs.get(2);
            assertEquals(first.getEventId(), restated.getEventId(), "one FINISHED fact, restated");
            assertEquals(first.getEventTime(), restated.getEventTime());
            assertEquals("1", first.getAttributes().get("test_jvms"));
            assertEquals("2", restated.getAttributes().get("test_jvms"));
            assertEquals(String.valueOf(FORKS * PER_JVM), restated.getAttributes().get("inferences"));
            assertEquals(List.of("PASSED 300", "PASSED 300"), restated.getTests().stream()
                    .map(t -> t.getOutcome() + " " + t.getInferences()).toList(), "both forks' tests");
        } finally {
            broker.stop();
        }
    }

    /** A test JVM of one build (the one Maven process that runs this test), as Surefire forks it. */
    private JvmProcess fork(EmbeddedKafkaBroker broker, Path spool, Path barrier, int parties, int number) throws IOException {
        return JvmProcess.builder(TestJvmMain.class.getName()).args(ExampleForkedSuite.class.getName())
                .jvmArgs("-Xmx128m",
                        "-Dsurefire.real.class.path=forked", // as Surefire marks its forks: this JVM is the build
                        "-Dparallax.home=" + tmp.resolve("home"),
                        "-Dparallax.kafka.bootstrap=" + broker.bootstrapServers(),
                        "-Dparallax.publisher.spool.dir=" + spool,
                        "-Dparallax.runner.run.dir=" + tmp.resolve("run"),
                        "-Dexample.inferences=" + PER_JVM,
                        "-Dexample.barrier=" + barrier,
                        "-Dexample.parties=" + parties)
                .logFile(tmp.resolve("fork-" + number + ".log")).start();
    }

    private void awaitSuccess(JvmProcess fork, int number) throws Exception {
        String log = tmp.resolve("fork-" + number + ".log").toString();
        assertTrue(fork.awaitExit(Duration.ofSeconds(90)), "fork " + number + " finished");
        assertEquals(0, fork.exitValue(), Files.readString(Path.of(log)));
    }
}
