package dev.parallax.pyrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.collector.CollectorMain;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.LocalPorts;
import dev.parallax.process.Readiness;
import dev.parallax.sink.ClickHouseSink;
import dev.parallax.testkit.RealStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Python runners against the real collector (its own JVM, stopped and restarted at will), a real Kafka broker, the
 * ClickHouse sink and a real ClickHouse engine. The runners use the package as installed from its wheel, so the
 * pytest plugin is found through its {@code pytest11} entry point.
 */
class PythonRunnerEndToEndTest {

    private static final String DEVICE = "pi5-07";
    private static final String TOKEN = "python-runner-test-token";
    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    static RealStack stack;
    static ClickHouseSink sink;
    static Thread sinkThread;
    static JvmProcess collector;
    static int port;
    static Path site;
    static Path tokenFile;

    @BeforeAll
    static void start() throws Exception {
        Process wheel = buildWheel(); // while the stack starts
        tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
        stack = new RealStack(tmp.resolve("stack"));
        site = installWheel(wheel);
        sink = ClickHouseSink.builder().config(stack.config).linger(Duration.ofMillis(100)).build();
        sinkThread = Thread.ofPlatform().name("sink").start(sink::run);
        port = LocalPorts.free();
        startCollector();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (collector != null) collector.stop(Duration.ofSeconds(10));
        if (sink != null) {
            sink.close();
            sinkThread.join(Duration.ofSeconds(30));
        }
        if (stack != null) stack.close();
    }

    @Test
    void aPytestSessionPutsExactlyItsEventsInClickHouseEachOnce() throws Exception {
        Python.Result session = pytestSession("golden-session", TOKEN);
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
                        + " AND device_id = '" + DEVICE + "' GROUP BY suite, model_name, precision ORDER BY suite"));
        stack.awaitCount("SELECT count() FROM parallax.runs FINAL WHERE run_id = 'golden-session'", 2, ARRIVAL);
        assertEquals(List.of(List.of("phase=FINISHED"), List.of("phase=STARTED")),
                stack.rows("SELECT phase FROM parallax.runs FINAL WHERE run_id = 'golden-session' ORDER BY phase"));
    }

    @Test
    void theCollectorStoppedMidRunAndRestartedDeliversEveryEvent() throws Exception {
        Runner runner = Runner.start("collector-restart", spool("collector-restart"), 0);
        runner.command("record 200", "recorded 200");
        collector.stop(Duration.ofSeconds(10));
        runner.command("record 200", "recorded 400");
        startCollector();
        runner.command("record 200", "recorded 600");
        JsonNode counters = runner.close(0);

        stack.awaitCount(inferences("collector-restart"), 600, ARRIVAL);
        assertEquals(600, counters.get("sent").asInt(), counters.toString());
        assertTrue(counters.get("spooled").asInt() >= 200, counters.toString());
        assertEquals(counters.get("spooled").asInt(), counters.get("replayed").asInt(), counters.toString());
        assertEquals(0, counters.get("dropped").asInt(), counters.toString());
    }

    @Test
    void aRunnerKilledWhileTheCollectorIsAwayLosesNothing() throws Exception {
        Path spool = spool("killed");
        Runner first = Runner.start("killed", spool, 0);
        first.command("record 300", "recorded 300");
        collector.stop(Duration.ofSeconds(10));
        first.command("record 300", "recorded 600");
        first.process.destroyForcibly().waitFor(); // SIGKILL, as kill -9: the 300 spooled events are not yet sent

        startCollector();
        Runner next = Runner.start("killed", spool, 600);
        next.command("record 100", "recorded 100");
        JsonNode counters = next.close(0);

        stack.awaitCount(inferences("killed"), 700, ARRIVAL);
        assertTrue(counters.get("replayed").asInt() >= 300, counters.toString());
        assertEquals(700, stack.count("SELECT uniqExact(input_id) FROM parallax.inference_events WHERE run_id = 'killed'"));
    }

    @Test
    void aWrongTokenGivesAClearErrorAndLosesNothing() throws Exception {
        Python.Result session = pytestSession("wrong-token-session", "not-" + TOKEN);
        assertEquals(4, session.exitCode(), session.output()); // pytest's usage error, before any test ran
        assertTrue(session.output().contains("parallax: the collector at http://127.0.0.1:" + port
                + " refused the device token (collector answered 401: missing or unknown device token"), session.output());

        Path spool = spool("wrong-token");
        Path wrongToken = Files.writeString(tmp.resolve("wrong-token"), "not-" + TOKEN);
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
        return Python.run(Map.of("PYTHONPATH", site.toString()), 120, "-m", "pytest", "-p", "no:cacheprovider",
                "integration/golden_suite", "--parallax-url", url(), "--parallax-token-file", tokens.toString(),
                "--parallax-run-id", runId, "--parallax-spool", spool(runId).toString());
    }

    /**
     * Starts building the wheel offline (setuptools without build isolation) from a copy of the sources, so that no
     * build output lands in the source tree; {@link #installWheel} installs it into a directory of its own.
     */
    private static Process buildWheel() throws IOException {
        Path sources = tmp.resolve("package");
        Files.createDirectories(sources);
        Files.copy(Python.MODULE.resolve("pyproject.toml"), sources.resolve("pyproject.toml"));
        try (var files = Files.walk(Python.MODULE.resolve("src/parallax_runner"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".py")).toList()) {
                Path copy = sources.resolve(Python.MODULE.relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        return Python.start(Map.of(), "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                "--no-cache-dir", "-w", tmp.resolve("wheels").toString(), sources.toString());
    }

    private static Path installWheel(Process build) throws IOException, InterruptedException {
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, build.waitFor(), "wheel build:\n" + log);
        Path target = tmp.resolve("site");
        try (var files = Files.list(tmp.resolve("wheels"))) {
            String wheel = files.filter(f -> f.toString().endsWith(".whl")).findFirst().orElseThrow().toString();
            Python.Result installed = Python.run(Map.of(), 120, "-m", "pip", "install", "--no-deps", "--no-index",
                    "--target", target.toString(), wheel);
            assertEquals(0, installed.exitCode(), installed.output());
        }
        return target;
    }

    private static void startCollector() throws IOException {
        collector = JvmProcess.builder(CollectorMain.class.getName())
                .env("PARALLAX_HOME", tmp.resolve("collector-home").toString())
                .env("PARALLAX_KAFKA_BOOTSTRAP", stack.kafka.bootstrapServers())
                .env("PARALLAX_COLLECTOR_PORT", String.valueOf(port))
                .env("PARALLAX_COLLECTOR_DEMO_TOKEN", TOKEN)
                .env("PARALLAX_COLLECTOR_DEMO_DEVICE", DEVICE)
                .jvmArgs("-Xmx256m")
                .logFile(tmp.resolve("collector.log"))
                .start();
        Readiness.await("collector", Duration.ofSeconds(60), () -> HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static String url() {
        return "http://127.0.0.1:" + port;
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
            return start(runId, spool, firstIndex, tokenFile);
        }

        static Runner start(String runId, Path spool, int firstIndex, Path token) throws IOException {
            return new Runner(Python.start(Map.of("PYTHONPATH", site.toString()), "integration/runner.py", url(),
                    token.toString(), spool.toString(), runId, DEVICE, String.valueOf(firstIndex)));
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
