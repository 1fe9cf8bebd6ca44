package dev.parallax.ingest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.process.JvmProcess;
import dev.parallax.process.Readiness;
import dev.parallax.schema.TestOutcome;
import dev.parallax.schema.TestResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildRunTest {

    @TempDir
    Path dir;

    static TestOutcome test(String id, TestResult result) {
        return TestOutcome.newBuilder().setTestId(id).setDisplayName(id + "()").setOutcome(result).setDurationMs(7)
                .setInferences(2).setLatencyP50Ms(1.5).setLatencyP99Ms(3.0).build();
    }


    @Test
    void theFirstStartsTheLastFinishesWithEveryonesTotals() {
        BuildRun first = BuildRun.join(dir, "maven-1", "run-a");
        BuildRun second = BuildRun.join(dir, "maven-1", "run-b");
        assertTrue(first.started());
        assertFalse(second.started());
        assertEquals("run-a", second.runId(), "one run id for the build");

        assertEquals(Optional.empty(), first.leave(Map.of("tests_passed", 2L),
                List.of(test("A#a", TestResult.PASSED), test("A#b", TestResult.PASSED))), "the second is still running");
        BuildRun.Finished finished = second.leave(Map.of("tests_passed", 3L), List.of(test("B#c", TestResult.FAILED)))
                .orElseThrow();
        assertEquals(Map.of("tests_passed", 5L), finished.totals());
        assertEquals(List.of(test("B#c", TestResult.FAILED), test("A#a", TestResult.PASSED), test("A#b", TestResult.PASSED)),
                finished.tests(), "every JVM's tests, failures first");
    }

    @Test
    void aLaterForkOfTheBuildContinuesTheRunAndRestatesItsFinishedAndAnotherBuildStartsItsOwn() {
        BuildRun.Finished first = BuildRun.join(dir, "maven-1", "run-a")
                .leave(Map.of("inferences", 10L), List.of(test("A#a", TestResult.PASSED))).orElseThrow();
        BuildRun later = BuildRun.join(dir, "maven-1", "run-b");
        assertFalse(later.started());
        assertEquals("run-a", later.runId());
        BuildRun.Finished soFar = later.leave(Map.of("inferences", 20L), List.of(test("B#b", TestResult.ABORTED))).orElseThrow();
        assertEquals(Map.of("inferences", 30L), soFar.totals(), "totals so far");
        assertEquals(List.of("B#b", "A#a"), soFar.tests().stream().map(TestOutcome::getTestId).toList(), "tests so far");
        assertEquals(first.eventId(), soFar.eventId(), "one FINISHED fact per run, restated: the table keeps the latest");
        assertEquals(first.eventTime(), soFar.eventTime());

        BuildRun next = BuildRun.join(dir, "maven-2", "run-c");
        assertTrue(next.started());
        assertEquals("run-c", next.runId());
        BuildRun.Finished own = next.leave(Map.of("inferences", 1L), List.of(test("C#c", TestResult.PASSED))).orElseThrow();
        assertEquals(Map.of("inferences", 1L), own.totals(), "nothing of the other build's run");
        assertEquals(List.of(test("C#c", TestResult.PASSED)), own.tests());
        assertNotEquals(first.eventId(), own.eventId(), "another run's FINISHED is another fact");
    }

    @Test
    void aKilledForkDoesNotKeepTheRunOpen() throws Exception {
        BuildRun mine = BuildRun.join(dir, "maven-1", "run-a");
        Path log = dir.resolve("fork.log");
        JvmProcess fork = JvmProcess.builder(Member.class.getName()).args(dir.toString()).logFile(log).start();
        try {
            Readiness.await("the fork joined", Duration.ofSeconds(30),
                    () -> Files.exists(log) && Files.readString(log).contains("joined run-a"));
        } finally {
            fork.kill();
        }
        assertTrue(fork.awaitExit(Duration.ofSeconds(10)));
        assertTrue(mine.leave(Map.of(), List.of()).isPresent(), "the killed fork's lock went with it: this JVM is the last");
    }

    /** A fork of build maven-1 that joins the run and waits to be killed. */
    static final class Member {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("joined " + BuildRun.join(Path.of(args[0]), "maven-1", "run-x").runId());
            Thread.sleep(Duration.ofMinutes(10));
        }
    }
}
