package dev.parallax.clickhouse;

import dev.parallax.clickhouse.http.FrontLimits;
import dev.parallax.clickhouse.http.ServerTls;
import dev.parallax.config.ClickHouseLogin;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.Readiness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A ClickHouse server for one data directory, running {@link ClickHouseServerMain} in a child JVM: the engine
 * (chDB) must not share a JVM with anything that wants a normal exit, and a separate process can be killed like a
 * real server.
 *
 * <pre>
 * try (EmbeddedClickHouse ch = EmbeddedClickHouse.builder(dir).password("secret").start()) {
 *     DriverManager.getConnection(ch.jdbcUrl("default"), ch.user(), ch.password());
 * }
 * </pre>
 */
public final class EmbeddedClickHouse implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** One client for every readiness probe: each client owns a selector thread, too much for a 100 ms poll. */
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Builder config;
    private JvmProcess process;
    private int port;
    private HttpClient tlsProbe;

    private EmbeddedClickHouse(Builder config) {
        this.config = config;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** The HTTP interface, e.g. {@code http://127.0.0.1:41234}, or {@code https://...} with TLS. */
    public String httpUrl() {
        return (config.tls == null ? "http://" : "https://") + config.host + ":" + port;
    }

    /**
     * A JDBC URL for the official driver: responses uncompressed, since this front does not speak ClickHouse's LZ4
     * framing.
     */
    public String jdbcUrl(String database) {
        return ParallaxConfig.jdbcUrl(httpUrl(), database);
    }

    public int port() {
        return port;
    }

    public String user() {
        return config.user;
    }

    public String password() {
        return config.password;
    }

    public Path dataDir() {
        return config.dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops gracefully: requests in flight finish, the engine closes. */
    public void stop() {
        if (process != null) process.stop(STOP_GRACE);
    }

    /** Kills the server at once (SIGKILL), as a crash or {@code kill -9} would. */
    public void kill() {
        if (process != null) process.kill();
    }

    /** Stops and starts again on the same data directory and port. */
    public void restart() throws IOException {
        stop();
        launch(port);
    }

    /** Starts again after {@link #stop()} or {@link #kill()}, on the same data directory and port. */
    public void start() throws IOException {
        if (isRunning()) throw new IllegalStateException("ClickHouse on " + config.dataDir + " is already running");
        launch(port);
    }

    @Override
    public void close() {
        stop();
        if (tlsProbe != null) {
            tlsProbe.close();
            tlsProbe = null;
        }
    }

    private void launch(int requestedPort) throws IOException {
        Path portFile = config.dataDir.resolveSibling(config.dataDir.getFileName() + ".port");
        Files.deleteIfExists(portFile);
        List<String> args = new ArrayList<>(List.of(
                "--data", config.dataDir.toString(),
                "--host", config.host,
                "--port", Integer.toString(requestedPort),
                "--port-file", portFile.toString(),
                "--user", config.user,
                "--password-env", "PARALLAX_CLICKHOUSE_PASSWORD", // not on the command line, which ps shows everyone
                "--pool", Integer.toString(config.pool),
                "--chdb-library", config.library.toString()));
        args.addAll(ClickHouseServerMain.arguments(config.limits));
        JvmProcess.Builder builder = JvmProcess.builder(ClickHouseServerMain.class.getName())
                .name("clickhouse")
                .jvmArgs(config.jvmArgs.toArray(String[]::new))
                .env("TZ", "UTC")
                .env("PARALLAX_CLICKHOUSE_PASSWORD", config.password);
        if (config.tls != null) {
            args.addAll(List.of("--tls-keystore", config.tls.keyStore().toString(),
                    "--tls-password-env", "PARALLAX_CLICKHOUSE_TLS_PASSWORD"));
            builder.env("PARALLAX_CLICKHOUSE_TLS_PASSWORD", config.tls.password());
        }
        if (!config.roles.isEmpty()) {
            args.addAll(List.of("--roles", config.roles.keySet().stream().map(Enum::name).collect(Collectors.joining(","))));
            config.roles.forEach((role, login) -> builder
                    .env(ParallaxConfig.environmentName(role.userKey()), login.user())
                    .env(ParallaxConfig.environmentName(role.passwordKey()), login.password()));
        }
        process = builder.args(args).logFile(config.logFile).start();
        try {
            Readiness.await("ClickHouse on " + config.dataDir, config.startTimeout, () -> {
                if (!process.isAlive()) {
                    throw new Readiness.GaveUp("server process exited with " + process.exitValue()
                            + "; see " + config.logFile);
                }
                if (!Files.exists(portFile)) return false;
                port = Integer.parseInt(Files.readString(portFile).strip());
                return ping();
            });
        } catch (IllegalStateException e) {
            process.kill();
            throw e;
        }
    }

    private boolean ping() throws IOException, InterruptedException {
        HttpResponse<String> response = probe().send(
                HttpRequest.newBuilder(URI.create(httpUrl() + "/ping")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().startsWith("Ok.");
    }

    /**
     * {@link #PROBE}, or with TLS a client that trusts the server's own certificate, made at the first ping and kept:
     * one per 100 ms poll would read the key store and leave a selector thread each time.
     */
    private HttpClient probe() throws IOException {
        if (config.tls == null) return PROBE;
        if (tlsProbe == null) {
            tlsProbe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                    .sslContext(config.tls.clientContext()).build();
        }
        return tlsProbe;
    }

    public static final class Builder {
        private final Path dataDir;
        private String host = "127.0.0.1";
        private int port = 0;
        private String user = "default";
        private String password = "";
        private final Map<ClickHouseRole, ClickHouseLogin> roles = new EnumMap<>(ClickHouseRole.class);
        private int pool = 4;
        private FrontLimits limits = FrontLimits.DEFAULTS;
        private ServerTls tls;
        private Path library = ParallaxConfig.load().chdbLibrary();
        private Path logFile;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir).toAbsolutePath().normalize();
            this.logFile = this.dataDir.resolveSibling(this.dataDir.getFileName() + ".log");
        }

        /** 0 (the default) picks a free port; a restart keeps the port first bound. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Also accepts {@code login}, held to {@code role}'s grants (the owner, {@link #user}, keeps every one). */
        public Builder role(ClickHouseRole role, ClickHouseLogin login) {
            roles.put(role, Objects.requireNonNull(login));
            return this;
        }

        /** Engine connections: how many queries run at once. */
        public Builder pool(int pool) {
            this.pool = pool;
            return this;
        }

        /** Serves HTTPS with this key store. */
        public Builder tls(ServerTls tls) {
            this.tls = tls;
            return this;
        }

        /** Time, size and connection limits of the HTTP front (defaults: {@link FrontLimits#DEFAULTS}). */
        public Builder limits(FrontLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        public Builder chdbLibrary(Path library) {
            this.library = library;
            return this;
        }

        /** Where the server's output goes; defaults to {@code <dataDir>.log} beside the data directory. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        public EmbeddedClickHouse start() throws IOException {
            Files.createDirectories(dataDir);
            EmbeddedClickHouse server = new EmbeddedClickHouse(this);
            server.launch(port);
            return server;
        }
    }
}
