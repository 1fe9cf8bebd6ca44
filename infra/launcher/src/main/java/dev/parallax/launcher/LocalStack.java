package dev.parallax.launcher;

import dev.parallax.config.ClickHouseLogin;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Topics;
import dev.parallax.metrics.MetricsService;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.SharedFiles;
import dev.parallax.sink.ClickHouseSinkMain;
import dev.parallax.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole Parallax stack on one machine, each service a supervised child JVM with its log in
 * {@code $PARALLAX_HOME/logs}. {@code up} runs in the foreground until SIGTERM or Ctrl-C, then stops every
 * service cleanly; {@code ./parallax up} runs it in the background and waits for {@code run/ready}.
 * {@code env} prints the endpoints as shell variables.
 *
 * <p>Kafka and ClickHouse are embedded unless {@code kafka.embedded} / {@code clickhouse.embedded} is false,
 * in which case the configured external endpoints are used as they are.
 */
public final class LocalStack {

    static final String DEMO_DEVICE_TOKEN = "collector.demo.token";
    static final String UI_ADMIN_PASSWORD = "ui.admin.password";
    /** With an external ClickHouse: whether {@code up} creates the roles and users (as clickhouse.user, an admin). */
    static final String CLICKHOUSE_USERS_CREATE = "clickhouse.users.create";
    private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(5);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /**
     * The analytics job and the sink allocate per event and want throughput, not short pauses: on two cores, G1's
     * concurrent marking and write barriers cost them about a third of their CPU, the throughput collector far
     * less (PipelineBenchmarkTest, whose JVM gets the same collector from streams/kafka-streams/pom.xml).
     */
    private static final List<String> STREAM_SERVICE_FLAGS = List.of("-Xmx1g", "-XX:+UseParallelGC");

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        switch (command) {
            case "up" -> up();
            case "env" -> System.out.print(Endpoints.of(ParallaxConfig.load()).asShell());
            case "migrate" -> System.out.println(Warehouse.migrate(ParallaxConfig.load()).pending().size()
                    + " migrations applied now");
            default -> {
                System.err.println("usage: LocalStack up|env|migrate");
                System.exit(2);
            }
        }
    }

    private static void up() throws InterruptedException {
        Path home = ParallaxConfig.load().home();
        InstallationSecrets.ensure(home, generatedSecrets(ParallaxConfig.load()));
        ParallaxConfig config = embeddedEndpoints(ParallaxConfig.load());
        Path run = home.resolve("run");
        SharedFiles.deleteQuietly(run.resolve("ready"));

        Supervisor supervisor = new Supervisor(home, Build.of(config), Builds.of(config),
                newest -> migrateOn(newest, config), LocalStack::log);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("stopping the stack");
            supervisor.close();
            SharedFiles.deleteQuietly(run.resolve("ready"));
            log("stopped");
            stopped.countDown();
        }, "stack-shutdown"));

        long started = System.nanoTime();
        try {
            for (Service service : infrastructure(config)) {
                start(supervisor, service);
            }
            if (!embedded(config, "clickhouse") && Boolean.parseBoolean(config.get(CLICKHOUSE_USERS_CREATE, "false"))) {
                log("ClickHouse roles set up, users created for " + Warehouse.grantAccess(config));
            }
            var plan = Warehouse.migrate(config);
            log("warehouse schema up to date (" + plan.pending().size() + " migrations applied now)");
            for (Service service : pipeline(config)) {
                start(supervisor, service);
            }
        } catch (RuntimeException e) {
            log("start failed: " + e.getMessage());
            write(run.resolve("failed"), e.getMessage() + "\n");
            System.exit(1);
        }
        SharedFiles.deleteQuietly(run.resolve("failed"));
        // Every secret of the stack is in it: its owner's only, like parallax.properties.
        OwnerOnlyFiles.write(run.resolve("endpoints.env"), Endpoints.of(config).asShell());
        write(run.resolve("ready"), String.format("%.1f%n", (System.nanoTime() - started) / 1e9));
        log(String.format("stack ready in %.1f s", (System.nanoTime() - started) / 1e9));
        stopped.await();
    }

    /**
     * The secrets generated once per installation. The embedded ClickHouse gets a user per role (passwords only: each
     * user is named after its role), so that no service connects with more rights than its own.
     */
    private static List<String> generatedSecrets(ParallaxConfig config) {
        List<String> keys = new ArrayList<>(List.of(DEMO_DEVICE_TOKEN, UI_ADMIN_PASSWORD));
        if (embedded(config, "clickhouse")) {
            for (ClickHouseRole role : ClickHouseRole.values()) keys.add(role.passwordKey());
        } else {
            keys.add(ParallaxConfig.CLICKHOUSE_PASSWORD);
        }
        return keys;
    }

    /**
     * Applies the migrations {@code build} brings, run from that build (the launcher's own may be older), as the
     * migrator: before services roll onto a build, since none of them may change the schema itself.
     */
    private static void migrateOn(Build build, ParallaxConfig config) {
        String classpath = build.classpath(Build.Part.SERVICES).orElseThrow(() -> new IllegalStateException(
                "build " + build.id() + " has no services classpath to migrate from"));
        Path logFile = config.home().resolve("logs").resolve("migrate.log");
        try {
            JvmProcess.Builder builder = JvmProcess.builder(LocalStack.class.getName()).name("migrate")
                    .classpath(classpath).jvmArgs("-Xmx256m").args("migrate").logFile(logFile);
            childEnvironment(config).forEach(builder::env);
            JvmProcess migration = builder.start();
            if (!migration.awaitExit(MIGRATION_TIMEOUT)) {
                migration.kill();
                throw new IllegalStateException("migrating for build " + build.id() + " took over "
                        + MIGRATION_TIMEOUT.toMinutes() + " min; see " + logFile);
            }
            if (migration.exitValue() != 0) {
                throw new IllegalStateException("migrating for build " + build.id() + " failed; see " + logFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot migrate for build " + build.id(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while migrating for build " + build.id(), e);
        }
        log("warehouse schema up to date for build " + build.id());
    }

    /** With embedded services, their endpoints follow from the configured ports. */
    private static ParallaxConfig embeddedEndpoints(ParallaxConfig config) {
        if (embedded(config, "kafka")) {
            config = config.with(ParallaxConfig.KAFKA_BOOTSTRAP, "127.0.0.1:" + config.getInt("kafka.port", 9092));
        }
        if (embedded(config, "clickhouse")) {
            config = config.with(ParallaxConfig.CLICKHOUSE_URL, "http://127.0.0.1:" + config.getInt("clickhouse.port", 8123));
        }
        return config;
    }

    private static void start(Supervisor supervisor, Service service) {
        log("starting " + service.name());
        supervisor.start(service);
        log(service.name() + " ready" + (service.endpoint().isEmpty() ? "" : " at " + service.endpoint()));
    }

    /** What every child needs to find the others: the same home (and so the same secrets) and endpoints. */
    private static Map<String, String> childEnvironment(ParallaxConfig config) {
        return Map.of(
                "PARALLAX_HOME", config.home().toString(),
                "PARALLAX_KAFKA_BOOTSTRAP", config.kafkaBootstrap(),
                "PARALLAX_CLICKHOUSE_URL", config.clickhouseUrl(),
                // Times in logs and in the embedded engine's session timezone are UTC, like the data.
                "TZ", "UTC");
    }

    /**
     * The stream jobs, the sink, the collector, the simulated fleet (unless {@code simulator.enabled} is false)
     * and the UI with the insights service (when the build has them), once Kafka and the warehouse schema are there.
     */
    private static List<Service> pipeline(ParallaxConfig config) {
        Map<String, String> env = childEnvironment(config);
        KafkaClientSettings kafka = KafkaClientSettings.from(config);
        List<Service> services = new ArrayList<>(List.of(
                new Service("analytics", "dev.parallax.kstreams.AnalyticsApp", List.of(), STREAM_SERVICE_FLAGS, env,
                        Probes.all(List.of(
                                Probes.consumerGroupStable(kafka, config.get("streams.application.id", "parallax-analytics")),
                                Probes.reports(config.home(), "analytics", KafkaStreams.State.RUNNING.name(), null))),
                        Duration.ofSeconds(90), ""),
                new Service("sink", "dev.parallax.sink.ClickHouseSinkMain", List.of(), STREAM_SERVICE_FLAGS, env,
                        Probes.all(List.of(Probes.consumerGroupStable(kafka, "parallax-clickhouse-sink"),
                                // It reports on every turn of its loop, which waits for each batch to be written.
                                Probes.reports(config.home(), "sink", ClickHouseSinkMain.WRITING, Duration.ofSeconds(30)))),
                        Duration.ofSeconds(90), ""),
                new Service("collector", "dev.parallax.collector.CollectorMain", List.of(), List.of("-Xmx512m"), env,
                        Probes.httpOk(collectorUrl(config) + "/health"), Duration.ofSeconds(60), collectorUrl(config))));
        if (Boolean.parseBoolean(config.get("simulator.enabled", "true"))) {
            services.add(new Service("simulator", "dev.parallax.simulator.FleetSimulatorMain",
                    List.of("--duration", "forever", "--rate", config.get("simulator.rate", "100"),
                            "--devices", config.get("simulator.devices", "12")),
                    List.of("-Xmx512m"), env, Probes.running(), Duration.ofSeconds(30), ""));
        }
        if (uiEnabled(config)) {
            // The UI keeps views, sign-in and people's actions; the insights service does the background work.
            services.add(new Service("ui", "dev.parallax.ui.ParallaxUi", List.of(),
                    List.of("-Xmx1g", "-Dparallax.ui.insights=false"), env,
                    Probes.uiServesBundle(uiUrl(config) + "/login"), Duration.ofSeconds(120), uiUrl(config),
                    Build.Part.UI));
            String insightsMetrics = metricsUrl(config, MetricsService.INSIGHTS);
            services.add(new Service("insights", "dev.parallax.insights.InsightsMain", List.of(), List.of("-Xmx512m"), env,
                    Probes.httpOk(insightsMetrics), Duration.ofSeconds(120), insightsMetrics, Build.Part.INSIGHTS));
        }
        return services;
    }

    static String collectorUrl(ParallaxConfig config) {
        return "http://127.0.0.1:" + config.getInt("collector.port", 8088);
    }

    /** The stack's services with a {@code /metrics} (Flink's job runs only for a replay: it prints its own). */
    static List<MetricsService> metered(ParallaxConfig config) {
        List<MetricsService> services = new ArrayList<>(List.of(MetricsService.COLLECTOR, MetricsService.SINK,
                MetricsService.ANALYTICS));
        if (uiEnabled(config)) services.addAll(List.of(MetricsService.UI, MetricsService.INSIGHTS));
        return services;
    }

    /** Where Prometheus scrapes {@code service} on this machine. */
    static String metricsUrl(ParallaxConfig config, MetricsService service) {
        return "http://127.0.0.1:" + service.port(config) + "/metrics";
    }

    static boolean uiEnabled(ParallaxConfig config) {
        return Build.of(config).classpath(Build.Part.UI).isPresent();
    }

    static String uiUrl(ParallaxConfig config) {
        return "http://127.0.0.1:" + config.getInt("ui.port", 8080);
    }

    /** Kafka and ClickHouse, unless configured as external. */
    private static List<Service> infrastructure(ParallaxConfig config) {
        Path home = config.home();
        Map<String, String> env = childEnvironment(config);
        List<Service> services = new ArrayList<>();
        if (embedded(config, "kafka")) {
            services.add(new Service("kafka", "dev.parallax.kafka.KafkaBrokerMain", List.of(), List.of("-Xmx1g"), env,
                    Probes.kafkaTopics(KafkaClientSettings.from(config), Set.copyOf(Topics.ALL)), Duration.ofSeconds(90),
                    config.kafkaBootstrap()));
        }
        if (embedded(config, "clickhouse")) {
            // A user per role and no other (no owner with every right). Passwords go through the environment: a
            // command line is readable by every user (ps), a process's environment only by its owner.
            Map<String, String> clickhouseEnv = new HashMap<>(env);
            for (ClickHouseRole role : ClickHouseRole.values()) {
                ClickHouseLogin login = config.clickhouseLogin(role);
                clickhouseEnv.put(ParallaxConfig.environmentName(role.userKey()), login.user());
                clickhouseEnv.put(ParallaxConfig.environmentName(role.passwordKey()), login.password());
            }
            ClickHouseLogin reader = config.clickhouseLogin(ClickHouseRole.READER); // the probe's: it only reads
            services.add(new Service("clickhouse", "dev.parallax.clickhouse.ClickHouseServerMain",
                    List.of("--data", home.resolve("data").resolve("clickhouse").toString(),
                            "--port", String.valueOf(config.getInt("clickhouse.port", 8123)),
                            "--roles", "sink,reader,ui,migrator",
                            "--chdb-library", config.chdbLibrary().toString()),
                    List.of("-Xmx512m"), clickhouseEnv,
                    Probes.clickhouseAnswers(config.clickhouseUrl(), reader.user(), reader.password()),
                    Duration.ofSeconds(60),
                    config.clickhouseUrl()));
        }
        return services;
    }

    private static boolean embedded(ParallaxConfig config, String service) {
        return Boolean.parseBoolean(config.get(service + ".embedded", "true"));
    }

    private static void log(String message) {
        System.out.println(LocalTime.now().format(CLOCK) + " " + message);
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
