package dev.parallax.pyrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.testkit.RealStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python runners against the real collector, Kafka, sink and ClickHouse ({@link RunnerStack}): what a pytest session
 * records arrives once, and neither a collector restart, nor kill -9 while spooling, nor a wrong token loses an event.
 */
class PythonRunnerEndToEndTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static RunnerStack runners;
    static RealStack stack;

    @BeforeAll
    static void start() throws Exception {
        runners = new RunnerStack(tmp);
        stack = runners.stack;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runners != null) runners.close();
    }

    @Test
    void aPytestSessionPutsExactlyItsEventsInClickHouseEachOnce() throws Exception {
        Python.Result session = pytestSession("golden-session", RunnerStack.TOKEN);
        assertEquals(0, session.exitCode(), session.output());
        assertTrue(session.output().contains("run golden-session: 122 sent, 0 spooled, 0 replayed, 0 dropped"), session.output());

        // 2 x 40 classifications and 40 detections: each once, and nothing else.
        stack.awaitCount(inferences("golden-session"), 120, ARRIVAL);
        assertEquals(120, stack.count("SELECT uniqExact(event_id) FROM parallax.inference_events WHERE run_id = 'golden-session'"));
        assertEquals(List.of(
                        List.of("suite=TestGoldenSet", "model_name=mobilenet-v3-small", "precision=INT8", "n=80", "inputs=80", "tests=2"),
                        List.of("suite=detection", "model_name=yolo-n", "precision=FP16", "n=40", "inputs=40", "tests=1")),
                stack.rows("SELECT suite, model_name, precision, count() AS n, uniqExact(input_id) AS inputs,"
                        + " uniqExact(test_id) AS tests FROM parallax.inference_events FINAL WHERE run_id = 'golden-session'"
                        + " AND device_id = '" + RunnerStack.DEVICE + "' GROUP BY suite, model_name, precision ORDER BY suite"));
        stack.awaitCount("SELECT count() FROM parallax.runs FINAL WHERE run_id = 'golden-session'", 2, ARRIVAL);
        assertEquals(List.of(List.of("phase=FINISHED"), List.of("phase=STARTED")),
                stack.rows("SELECT phase FROM parallax.runs FINAL WHERE run_id = 'golden-session' ORDER BY phase"));
    }

    @Test
    void theCollectorStoppedMidRunAndRestartedDeliversEveryEvent() throws Exception {
        Runner runner = Runner.start("collector-restart", spool("collector-restart"), 0);
        runner.command("record 200", "recorded 200");
        runners.stopCollector();
        runner.command("record 200", "recorded 400");
        runners.startCollector();
        runner.command("record 200", "recorded 600");
        JsonNode counters = runner.close(0);

        stack.awaitCount(inferences("collector-restart"), 600, ARRIVAL);
        assertEquals(600, counters.get("sent").asInt(), counters.toString());
        assertEquals(counters.get("spooled").asInt(), counters.get("replayed").asInt(), counters.toString());
        assertEquals(0, counters.get("dropped").asInt(), counters.toString());
    }

    @Test
    void aRunnerKilledWhileTheCollectorIsAwayLosesNothing() throws Exception {
        Path spool = spool("killed");
        Runner first = Runner.start("killed", spool, 0);
        first.command("record 300", "recorded 300");
        runners.stopCollector();
        first.command("record 300", "recorded 600");
        first.process.destroyForcibly().waitFor(); // SIGKILL, as kill -9: the 300 spooled events are not yet sent

        runners.startCollector();
        Runner next = Runner.start("killed", spool, 600);
        next.command("record 100", "recorded 100");
        JsonNode counters = next.close(0);

        stack.awaitCount(inferences("killed"), 700, ARRIVAL);
        assertTrue(counters.get("replayed").asInt() >= 300, counters.toString());
        assertEquals(700, stack.count("SELECT uniqExact(input_id) FROM parallax.inference_events WHERE run_id = 'killed'"));
    }

    @Test
    void aWrongTokenGivesAClearErrorAndLosesNothing() throws Exception {
        Python.Result session = pytestSession("wrong-token-session", "not-" + RunnerStack.TOKEN);
        assertEquals(4, session.exitCode(), session.output()); // pytest's usage error, before any test ran
        assertTrue(session.output().contains("parallax: the collector at " + runners.url()
                + " refused the device token (collector answered 401: missing or unknown device token"), session.output());

        Path spool = spool("wrong-token");
        Path wrongToken = Files.writeString(tmp.resolve("wrong-token"), "not-" + RunnerStack.TOKEN);
        Runner refused = Runner.start("wrong-token", spool, 0, wrongToken);
        refused.command("record 50", "recorded 50");
        JsonNode counters = refused.close(3);
        assertEquals(0, counters.get("sent").asInt(), counters.toString());
        assertTrue(refused.output.toString().contains("collector answered 401: missing or unknown device token"),
                refused.output.toString());
        assertTrue(refused.output.toString().contains("Sending stops"), refused.output.toString());

        JsonNode retried = Runner.start("wrong-token", spool, 50).close(0);
        assertEquals(50, retried.get("replayed").asInt(), retried.toString());
        stack.awaitCount(inferences("wrong-token"), 50, ARRIVAL);
    }

    private static String inferences(String runId) {
        return "SELECT count() FROM parallax.inference_events FINAL WHERE run_id = '" + runId + "'";
    }

    private static Path spool(String name) {
        return tmp.resolve("spools").resolve(name);
    }

    private static Python.Result pytestSession(String runId, String token) throws IOException {
        Path tokens = Files.writeString(tmp.resolve("token-" + runId), token);
        return Python.run(runners.pythonEnv(), 120, "-m", "pytest", "-p", "no:cacheprovider",
                "integration/golden_suite", "--parallax-url", runners.url(), "--parallax-token-file", tokens.toString(),
                "--parallax-run-id", runId, "--parallax-spool", spool(runId).toString(), "--parallax-device-samples", "0");
    }

    /** {@code integration/runner.py}, driven line by line. */
    private static final class Runner {
        final Process process;
        final BufferedReader answers;
        final Writer commands;
        final StringBuilder output = new StringBuilder();

        private Runner(Process process) {
            this.process = process;
            this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = process.outputWriter(StandardCharsets.UTF_8);
        }

        static Runner start(String runId, Path spool, int firstIndex) throws IOException {
            return start(runId, spool, firstIndex, runners.tokenFile);
        }

        static Runner start(String runId, Path spool, int firstIndex, Path token) throws IOException {
            return new Runner(Python.start(runners.pythonEnv(), "integration/runner.py", runners.url(),
                    token.toString(), spool.toString(), runId, RunnerStack.DEVICE, String.valueOf(firstIndex)));
        }

        /** Sends a command and reads the runner's lines up to its answer (log lines before it are kept). */
        String command(String command, String answerPrefix) throws IOException {
            commands.write(command + "\n");
            commands.flush();
            String line;
            while ((line = answers.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith(answerPrefix)) return line;
            }
            throw new AssertionError("runner ended before answering '" + command + "':\n" + output);
        }

        /** Closes the runner's publisher; its counters, once it exited with {@code expectedExit}. */
        JsonNode close(int expectedExit) throws Exception {
            JsonNode counters = JSON.readTree(command("close", "{"));
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "runner exits after closing");
            answers.transferTo(Writer.nullWriter());
            assertEquals(expectedExit, process.exitValue(), output.toString());
            return counters;
        }
    }
}
