package dev.parallax.launcher;

import dev.parallax.process.LocalPorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Topics;
import dev.parallax.metrics.MetricsService;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.Readiness;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import dev.parallax.testkit.PrometheusText;
import dev.parallax.warehouse.Warehouse;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local stack as ./parallax up runs it, from a versioned build: every service up and healthy, an event
 * through to ClickHouse, the project rebuilt under the running UI, one service rolled onto the new build, clean stop.
 */
class LocalStackTest {

    /** The UI as the reactor built it (the launcher's test dependency on it builds it first). */
    private static final Path UI_TARGET = Path.of("../../analytics-ui/target");
    private static final Path INSIGHTS_TARGET = Path.of("../../insights/target");

    /** Free ports for every service's {@code /metrics}: a test's stack takes none of the defaults. */
    static JvmProcess.Builder withFreeMetricsPorts(JvmProcess.Builder builder) {
        for (MetricsService service : MetricsService.values()) {
            builder.env(ParallaxConfig.environmentName(service.portKey()), String.valueOf(LocalPorts.free()));
        }
        return builder;
    }

    @Test
    void upRunsEveryServiceFromABuildThatNoRebuildChangesAndRestartsOneOntoTheNext(@TempDir Path home) throws Exception {
        int kafkaPort = LocalPorts.free();
        int clickhousePort = LocalPorts.free();
        String uiUrl = "http://127.0.0.1:" + LocalPorts.free();
        // A project as ./parallax builds it: the UI's jar in its target/, beside a file each build changes.
        Path project = home.resolve("project");
        Path uiJar = project.resolve("analytics-ui/target/parallax-analytics-ui.jar");
        Path buildNumber = project.resolve("analytics-ui/target/build-number/number.txt");
        Files.createDirectories(buildNumber.getParent());
        Files.copy(uiJar(), uiJar);
        Files.writeString(buildNumber, "1");
        Builds builds = new Builds(home.resolve("builds"));
        Build first = builds.snapshot(project, buildParts(uiJar, buildNumber.getParent()));

        JvmProcess stack = withFreeMetricsPorts(JvmProcess.builder(LocalStack.class.getName()).args("up"))
                .env("PARALLAX_HOME", home.toString())
                .env("PARALLAX_BUILD", first.dir().toString())
                .env("PARALLAX_UI_PORT", uiUrl.substring(uiUrl.lastIndexOf(':') + 1))
                .env("PARALLAX_KAFKA_PORT", String.valueOf(kafkaPort))
                .env("PARALLAX_KAFKA_CONTROLLER_PORT", String.valueOf(LocalPorts.free()))
                .env("PARALLAX_CLICKHOUSE_PORT", String.valueOf(clickhousePort))
                .env("PARALLAX_COLLECTOR_PORT", String.valueOf(LocalPorts.free()))
                // One known event, so the fleet stays quiet.
                .env("PARALLAX_SIMULATOR_ENABLED", "false")
                .logFile(home.resolve("launcher.log"))
                .start();
        try {
            Readiness.await("local stack", Duration.ofMinutes(4), () -> {
                if (Files.exists(home.resolve("run/failed")) || !stack.isAlive()) {
                    throw new Readiness.GaveUp(Files.readString(home.resolve("launcher.log")));
                }
                return Files.exists(home.resolve("run/ready"));
            });
            Map<String, String> endpoints = endpoints(home.resolve("run/endpoints.env"));
            assertEquals("127.0.0.1:" + kafkaPort, endpoints.get("PARALLAX_KAFKA_BOOTSTRAP"));
            assertEquals("http://127.0.0.1:" + clickhousePort, endpoints.get("PARALLAX_CLICKHOUSE_URL"));
            assertTrue(endpoints.get("PARALLAX_CLICKHOUSE_PASSWORD").length() >= 20, "a generated password, not a default");
            assertTrue(endpoints.get("PARALLAX_DEVICE_TOKEN").length() >= 20, "a generated demo device token");
            Properties installation = new Properties();
            try (var reader = Files.newBufferedReader(home.resolve("parallax.properties"))) {
                installation.load(reader);
            }
            String sinkPassword = installation.getProperty(ClickHouseRole.SINK.passwordKey());
            assertTrue(sinkPassword.length() >= 20, "each role's password is generated");
            assertSecretsStayPrivate(home, endpoints.get("PARALLAX_CLICKHOUSE_PASSWORD"), endpoints.get("PARALLAX_DEVICE_TOKEN"),
                    sinkPassword);
            long engine = pidOf("ClickHouseServerMain", home);
            assertTrue(processGroup(engine) != processGroup(stack.pid()),
                    "the engine runs in a process group of its own, apart from the launcher's");
            for (String service : new String[] {"kafka", "clickhouse", "analytics", "sink", "collector", "ui", "insights"}) {
                assertTrue(Files.exists(home.resolve("logs/" + service + ".log")), service + " logs under logs/");
                assertEquals(List.of("healthy", first.id()), status(home, service), service);
            }
            for (String service : List.of("COLLECTOR", "SINK", "ANALYTICS", "UI", "INSIGHTS")) {
                // Every service's /metrics answers in Prometheus' text format, and holds nothing secret.
                PrometheusText page = PrometheusText.scrape(endpoints.get("PARALLAX_METRICS_" + service));
                assertTrue(page.has("jvm_memory_used_bytes"), service);
                assertTrue(page.samples().stream().noneMatch(s -> s.labels().containsValue(endpoints.get("PARALLAX_CLICKHOUSE_PASSWORD"))
                        || s.labels().containsValue(endpoints.get("PARALLAX_DEVICE_TOKEN"))), service);
            }

            // The blank-UI scenario: a rebuild rewrites the UI's jar in target/ while the UI runs. It runs from the
            // build's copy, so it still serves its page and a whole, non-empty JavaScript bundle.
            Files.write(uiJar, new byte[0]);
            assertTrue(Probes.uiServesBundle(uiUrl + "/login").call());
            Files.copy(uiJar(), uiJar, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(buildNumber, "2");
            Build second = builds.snapshot(project, buildParts(uiJar, buildNumber.getParent()));

            // ./parallax restart collector: it alone moves onto the new build, once it answers again (the quickest
            // service to restart; SupervisorTest covers the rest of rolling).
            Files.writeString(home.resolve("run/" + Supervisor.RESTART_REQUEST), "collector\n");
            Readiness.await("the restart", Duration.ofMinutes(3), () -> Files.exists(home.resolve("run/" + Supervisor.RESTART_RESULT)));
            assertEquals("ok: collector on build " + second.id(), Files.readString(home.resolve("run/" + Supervisor.RESTART_RESULT)).strip());
            assertTrue(Files.readString(home.resolve("logs/migrate.log")).contains("0 migrations applied now"),
                    "the new build's migrations ran first, as the migrator, from that build");
            assertEquals(List.of("healthy", second.id(), "1"), statusWithRestarts(home, "collector"));
            assertEquals(List.of("healthy", first.id(), "0"), statusWithRestarts(home, "ui"), "the others keep running");
            assertTrue(Probes.uiServesBundle(uiUrl + "/login").call(), "and the UI still serves its bundle");
            assertTrue(Files.isDirectory(first.dir()), "a build in use is kept: " + builds.prune());

            ParallaxConfig config = ParallaxConfig.of(Map.of(
                    ParallaxConfig.KAFKA_BOOTSTRAP, endpoints.get("PARALLAX_KAFKA_BOOTSTRAP"),
                    ParallaxConfig.CLICKHOUSE_URL, endpoints.get("PARALLAX_CLICKHOUSE_URL"),
                    ParallaxConfig.CLICKHOUSE_USER, endpoints.get("PARALLAX_CLICKHOUSE_USER"),
                    ParallaxConfig.CLICKHOUSE_PASSWORD, endpoints.get("PARALLAX_CLICKHOUSE_PASSWORD")));
            assertEquals(ClickHouseRole.READER.roleName(), endpoints.get("PARALLAX_CLICKHOUSE_USER"), "env gives the read-only user");
            publishOneInference(config);
            // The sink wrote it as its own user; the reader reads it and may write nothing.
            Readiness.await("the event in ClickHouse", Duration.ofSeconds(60), () -> countInferences(config) == 1);
            SQLException refused = assertThrows(SQLException.class, () -> {
                try (Connection connection = Warehouse.connect(config); var statement = connection.createStatement()) {
                    statement.execute("TRUNCATE TABLE parallax.inference_events");
                }
            });
            assertTrue(refused.getMessage().contains("ACCESS_DENIED"), refused.getMessage());
            assertEquals(1, countInferences(config));
            SQLException noOwner = assertThrows(SQLException.class, () -> countInferences(config
                    .with(ParallaxConfig.CLICKHOUSE_USER, "default").with(ParallaxConfig.CLICKHOUSE_PASSWORD, "")));
            assertTrue(noOwner.getMessage().contains("AUTHENTICATION_FAILED"), "no user with every right: " + noOwner.getMessage());
        } finally {
            stack.stop(Duration.ofSeconds(90));
        }
        assertFalse(stack.isAlive());
        assertTrue(Files.readString(home.resolve("launcher.log")).contains("stopped"));
        assertFalse(Files.exists(home.resolve("run/ready")));
        // The children went with it: nothing listens on their ports any more.
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", kafkaPort).close());
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", clickhousePort).close());
    }

    @Test
    void secretFilesAreTheOwnersOnlyEvenWhenAnOlderOneWasReadableByEveryone(@TempDir Path home) throws Exception {
        Path properties = home.resolve("parallax.properties");
        Files.writeString(properties, "clickhouse.password=old-secret\n");
        Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-r--r--"));
        InstallationSecrets.ensure(home, List.of(ParallaxConfig.CLICKHOUSE_PASSWORD));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(properties)), "fixed as it is");
        InstallationSecrets.ensure(home, List.of(ParallaxConfig.CLICKHOUSE_PASSWORD, LocalStack.DEMO_DEVICE_TOKEN));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(properties)), "and when rewritten");
        assertTrue(Files.readString(properties).contains("clickhouse.password=old-secret"), "existing secrets are kept");

        Path endpoints = home.resolve("run/endpoints.env");
        Files.createDirectories(endpoints.getParent());
        Files.writeString(endpoints, "export OLD=1\n");
        Files.setPosixFilePermissions(endpoints, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnlyFiles.write(endpoints, "export PARALLAX_CLICKHOUSE_PASSWORD='s'\n");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(endpoints)));
        assertEquals("export PARALLAX_CLICKHOUSE_PASSWORD='s'\n", Files.readString(endpoints));
        try (var left = Files.list(endpoints.getParent())) {
            assertEquals(List.of(endpoints), left.toList(), "no temporary file left behind");
        }
    }

    /** The UI's jar as the reactor built it. */
    private static Path uiJar() throws IOException {
        try (var jars = Files.list(UI_TARGET)) {
            return jars.filter(f -> f.getFileName().toString().matches("parallax-analytics-ui-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no UI jar in " + UI_TARGET.toAbsolutePath() + ": build analytics-ui first"));
        }
    }

    /**
     * The stack's classpaths: this test's for every service, the UI's jar in the project with its dependencies, and
     * the insights module's classes with theirs.
     */
    private static Map<String, String> buildParts(Path uiJar, Path buildNumber) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("services", System.getProperty("java.class.path"));
        parts.put("ui", String.join(File.pathSeparator, uiJar.toString(), buildNumber.toString(),
                Files.readString(UI_TARGET.resolve("classpath.txt")).strip()));
        parts.put("insights", String.join(File.pathSeparator, INSIGHTS_TARGET.resolve("classes").toAbsolutePath().toString(),
                Files.readString(INSIGHTS_TARGET.resolve("classpath.txt")).strip()));
        return parts;
    }

    /** A service's health and build, as ./parallax status shows them. */
    private static List<String> status(Path home, String service) throws IOException {
        return statusWithRestarts(home, service).subList(0, 2);
    }

    /** A service's health, build and restarts from run/services (name, health, started, restarts, build, pid). */
    private static List<String> statusWithRestarts(Path home, String service) throws IOException {
        for (String line : Files.readAllLines(home.resolve("run/" + Supervisor.STATUS_FILE))) {
            String[] fields = line.split("\t");
            if (fields[0].equals(service)) return List.of(fields[1], fields[4], fields[3]);
        }
        throw new AssertionError("no " + service + " in the status");
    }

    /** Secret files are 0600, no process shows a secret on its command line, and no log holds one. */
    private static void assertSecretsStayPrivate(Path home, String... secrets) throws IOException {
        for (Path file : List.of(home.resolve("run/endpoints.env"), home.resolve("parallax.properties"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        List<String> commandLines = commandLines();
        assertTrue(commandLines.stream().anyMatch(c -> c.contains("ClickHouseServerMain") && c.contains(home.toString())),
                "the stack's ClickHouse process is there to be looked at");
        for (String secret : secrets) {
            assertTrue(commandLines.stream().noneMatch(c -> c.contains(secret)), "a secret on a command line (ps)");
            try (var logs = Files.walk(home)) {
                for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                    assertFalse(new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains(secret), "a secret in " + log);
                }
            }
        }
    }

    /** The pid of the process whose command line holds both {@code mainClass} and {@code home}. */
    private static long pidOf(String mainClass, Path home) throws IOException {
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path p : processes.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String line = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (line.contains(mainClass) && line.contains(home.toString())) return Long.parseLong(p.getFileName().toString());
                } catch (IOException exited) {
                    // gone meanwhile
                }
            }
        }
        throw new AssertionError("no process runs " + mainClass + " for " + home);
    }

    /** A process's group, from /proc/PID/stat (the fifth field; the command name before it may hold spaces). */
    private static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    /** Every process's command line as ps shows it, read whole from /proc (ProcessHandle's may be cut short). */
    static List<String> commandLines() throws IOException {
        try (var processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException e) {
                    return ""; // exited meanwhile
                }
            }).toList();
        }
    }

    private static void publishOneInference(ParallaxConfig config) throws Exception {
        InferenceEvent event = InferenceEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setEventTime(System.currentTimeMillis())
                .setRunId("run-1").setTestId("smoke").setModelName("mobilenet-v3").setModelVersion("1")
                .setPrecision(Precision.INT8).setTier(Tier.EDGE).setDeviceId("pi5-01").setDeviceClass("pi5-hailo8l")
                .setRuntime("hailort").setLatencyMs(12.5).setStatus(Status.OK).setAttributes(Map.of()).build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.INFERENCE, EventCodec.inference().encodeAvro(event))).get();
        }
    }

    private static long countInferences(ParallaxConfig config) throws Exception {
        try (Connection connection = Warehouse.connect(config);
             ResultSet rs = connection.createStatement().executeQuery("SELECT count() FROM parallax.inference_events FINAL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<String, String> endpoints(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String assignment = line.substring("export ".length());
            int eq = assignment.indexOf('=');
            values.put(assignment.substring(0, eq), assignment.substring(eq + 2, assignment.length() - 1));
        }
        return values;
    }

}
