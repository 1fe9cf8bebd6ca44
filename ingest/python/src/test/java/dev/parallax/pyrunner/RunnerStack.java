package dev.parallax.pyrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.collector.CollectorMain;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.LocalPorts;
import dev.parallax.process.Readiness;
import dev.parallax.sink.ClickHouseSink;
import dev.parallax.testkit.RealStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a Python runner talks to, all real: the collector in its own JVM (stopped and restarted at will) with one
 * device token, a Kafka broker, the ClickHouse sink and a ClickHouse engine; and the package as installed from its
 * wheel (built offline), so the pytest plugin is found through its {@code pytest11} entry point.
 */
final class RunnerStack implements AutoCloseable {

    static final String DEVICE = "pi5-07";
    static final String TOKEN = "python-runner-test-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path dir;
    final RealStack stack;
    final Path site;
    final Path tokenFile;
    private final int port = LocalPorts.free();
    private final ClickHouseSink sink;
    private final Thread sinkThread;
    private JvmProcess collector;

    RunnerStack(Path dir) throws Exception {
        this.dir = dir;
        Process wheel = buildWheel(); // while the stack starts
        this.tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        this.stack = new RealStack(dir.resolve("stack"));
        this.site = installWheel(wheel);
        this.sink = ClickHouseSink.builder().config(stack.config).linger(Duration.ofMillis(100)).build();
        this.sinkThread = Thread.ofPlatform().name("sink").start(sink::run);
        startCollector();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The environment a Python runner needs to import the installed package. */
    Map<String, String> pythonEnv() {
        return Map.of("PYTHONPATH", site.toString());
    }

    void startCollector() throws IOException {
        collector = JvmProcess.builder(CollectorMain.class.getName())
                .env("PARALLAX_HOME", dir.resolve("collector-home").toString())
                .env("PARALLAX_KAFKA_BOOTSTRAP", stack.kafka.bootstrapServers())
                .env("PARALLAX_COLLECTOR_PORT", String.valueOf(port))
                .env("PARALLAX_COLLECTOR_METRICS_PORT", "0") // not 9401, which a running stack's collector holds
                .env("PARALLAX_COLLECTOR_DEMO_TOKEN", TOKEN)
                .env("PARALLAX_COLLECTOR_DEMO_DEVICE", DEVICE)
                .jvmArgs("-Xmx256m")
                .logFile(dir.resolve("collector.log"))
                .start();
        Readiness.await("collector", Duration.ofSeconds(60), () -> HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    void stopCollector() {
        collector.stop(Duration.ofSeconds(10));
    }

    /** Starts building the wheel from a copy of the sources, so that no build output lands in the source tree. */
    private Process buildWheel() throws IOException {
        Path sources = dir.resolve("package");
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
                "--no-cache-dir", "-w", dir.resolve("wheels").toString(), sources.toString());
    }

    private Path installWheel(Process build) throws IOException, InterruptedException {
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, build.waitFor(), "wheel build:\n" + log);
        Path target = dir.resolve("site");
        try (var files = Files.list(dir.resolve("wheels"))) {
            String wheel = files.filter(f -> f.toString().endsWith(".whl")).findFirst().orElseThrow().toString();
            Python.Result installed = Python.run(Map.of(), 120, "-m", "pip", "install", "--no-deps", "--no-index",
                    "--target", target.toString(), wheel);
            assertEquals(0, installed.exitCode(), installed.output());
        }
        return target;
    }

    @Override
    public void close() throws InterruptedException {
        if (collector != null) stopCollector();
        sink.close();
        sinkThread.join(Duration.ofSeconds(30));
        stack.close();
    }
}
