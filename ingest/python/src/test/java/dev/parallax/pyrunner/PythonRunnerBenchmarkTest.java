package dev.parallax.pyrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events per second into ClickHouse from the Python client, beside curl posting the same gzip batches (500 events
 * each) over one keep-alive connection, in the same run against the same stack: from the client's start (or the
 * first batch posted) until ClickHouse counts them all. Prints its figures; asserts only that all arrived.
 */
@Tag("benchmark")
class PythonRunnerBenchmarkTest {

    private static final int EVENTS = 20_000;
    private static final int BATCH = 500;
    private static final int ROUNDS = 3;

    @Test
    void clientBesideCurl(@TempDir Path tmp) throws Exception {
        try (RunnerStack runners = new RunnerStack(tmp)) {
            // Warm-up: the collector's and the sink's first batches pay for class loading and JIT.
            publish(runners, tmp, "bench-warmup");
            arrived(runners, "bench-warmup", System.nanoTime());

            // The machine is shared: rounds alternate between the two, and the medians are compared.
            List<Double> client = new ArrayList<>();
            List<Double> curl = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                String clientRun = "bench-client-" + round;
                long started = System.nanoTime();
                JsonNode figures = publish(runners, tmp, clientRun);
                client.add(EVENTS / arrived(runners, clientRun, started));

                String curlRun = "bench-curl-" + round;
                Path config = curlConfig(runners, writeBatches(runners, tmp, curlRun));
                started = System.nanoTime();
                double posted = postWithCurl(config, started);
                curl.add(EVENTS / arrived(runners, curlRun, started));
                System.out.printf("round %d: client %.0f events/s into ClickHouse (its publish() calls: %.0f events/s, "
                                + "delivered after %.2f s) | curl %.0f events/s into ClickHouse (posted in %.2f s)%n",
                        round, client.getLast(), EVENTS / figures.get("publish_s").asDouble(),
                        figures.get("total_s").asDouble(), curl.getLast(), posted);
            }
            System.out.printf("%nPython client vs curl -> collector -> Kafka -> sink -> ClickHouse, %d events (16 logits "
                    + "each) per round, gzip batches of %d, median of %d rounds: client %.0f events/s, curl %.0f events/s "
                    + "(the client's figure includes building and encoding the events; curl's batches were made before)%n",
                    EVENTS, BATCH, ROUNDS, median(client), median(curl));
        }
    }

    private static Path writeBatches(RunnerStack runners, Path tmp, String runId) {
        Path batches = tmp.resolve("batches-" + runId);
        Python.Result written = Python.run(runners.pythonEnv(), 300, "integration/bench.py", "batches",
                batches.toString(), runId, String.valueOf(EVENTS), String.valueOf(BATCH));
        assertEquals(0, written.exitCode(), written.output());
        return batches;
    }

    /** Posts every batch with one curl; seconds from {@code startedNanos} until curl is done. */
    private static double postWithCurl(Path config, long startedNanos) throws Exception {
        Process curl = new ProcessBuilder("curl", "--silent", "--show-error", "--fail", "--config", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes());
        assertEquals(0, curl.waitFor(), output);
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static JsonNode publish(RunnerStack runners, Path tmp, String runId) throws Exception {
        Python.Result result = Python.run(runners.pythonEnv(), 600, "integration/bench.py", "publish", runners.url(),
                runners.tokenFile.toString(), tmp.resolve("spool-" + runId).toString(), runId, String.valueOf(EVENTS));
        assertEquals(0, result.exitCode(), result.output());
        return new ObjectMapper().readTree(result.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    /** Seconds from {@code startedNanos} until ClickHouse has every event of the run (each input once per run). */
    private static double arrived(RunnerStack runners, String runId, long startedNanos) {
        runners.stack.awaitCount("SELECT uniqExact(input_id) FROM parallax.inference_events WHERE run_id = '" + runId + "'",
                EVENTS, Duration.ofMinutes(5));
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** One curl invocation posting every batch file in turn (curl keeps the connection between them). */
    private static Path curlConfig(RunnerStack runners, Path batches) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(batches).sorted()) {
            for (Path file : files.toList()) {
                if (!lines.isEmpty()) lines.add("next");
                lines.add("url = \"" + runners.url() + "/v1/inference\"");
                lines.add("header = \"Authorization: Bearer " + RunnerStack.TOKEN + "\"");
                lines.add("header = \"Content-Type: application/json\"");
                lines.add("header = \"Content-Encoding: gzip\"");
                lines.add("data-binary = \"@" + file + "\"");
                lines.add("output = \"/dev/null\"");
            }
        }
        return Files.write(batches.resolveSibling(batches.getFileName() + ".curl"), lines);
    }
}
