package dev.parallax.clickhouse;

import dev.parallax.clickhouse.engine.Engine;
import dev.parallax.clickhouse.engine.EngineException;
import dev.parallax.clickhouse.engine.EngineQuery;
import dev.parallax.clickhouse.engine.ProcessExit;
import dev.parallax.clickhouse.engine.QueryResult;
import dev.parallax.clickhouse.http.Credentials;
import dev.parallax.clickhouse.http.FrontLimits;
import dev.parallax.clickhouse.http.FrontUsers;
import dev.parallax.clickhouse.http.HttpFront;
import dev.parallax.clickhouse.http.ServerTls;
import dev.parallax.config.ClickHouseLogin;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The embedded ClickHouse server process: chDB over one data directory behind the ClickHouse HTTP interface.
 *
 * <pre>
 * --data DIR            data directory (required; one process per directory)
 * --port P              HTTP port, 0 for any free one (default 8123)
 * --host H              bind address (default 127.0.0.1)
 * --port-file FILE      where to write the bound port once the server answers
 * --user U              a user with every privilege the front allows (default "default", none with --roles)
 * --password X          its password (default: empty); visible to every user in ps, prefer:
 * --password-env NAME    read the password from environment variable NAME
 * --roles R,R...        also accept a user per role (sink, reader, ui, migrator), held to the role's grants
 *                       (dev.parallax.config.ClickHouseAccess): user and password from the configuration's
 *                       clickhouse.ROLE.user and clickhouse.ROLE.password (e.g. PARALLAX_CLICKHOUSE_SINK_PASSWORD)
 * --pool N              engine connections, i.e. queries running at once (default 4)
 * --threads N           accepted for compatibility; each connection has its own virtual thread
 * --chdb-library PATH   libchdb.so (default: ParallaxConfig.chdbLibrary())
 * --tls-keystore PATH   serve HTTPS with the key and certificate chain of this PKCS12 key store
 * --tls-password-env NAME  the key store's password, from environment variable NAME
 * </pre>
 * Limits ({@link FrontLimits}; durations in seconds, decimals allowed; defaults in {@link FrontLimits#DEFAULTS}):
 * <pre>
 * --header-timeout S              request line and headers must arrive within S (default 10)
 * --body-timeout S                the body must arrive, and a response be taken, within S (default 60)
 * --idle-timeout S                a kept-alive connection idle for S closes (default 30)
 * --max-connections-per-client N  open connections from one address (default 256)
 * --max-connections N             open connections in all (default 1024)
 * --max-query-size BYTES          SQL per request (default 1 MiB)
 * --max-insert-size BYTES         inline INSERT data per request (default 1 GiB)
 * --max-execution-time S          a statement's running time (default 600)
 * </pre>
 *
 * On SIGTERM or Ctrl-C it stops accepting, lets requests in flight finish, closes the engine and leaves through
 * {@code _exit(0)}: a normal JVM exit with chDB loaded hangs or crashes.
 */
public final class ClickHouseServerMain {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseServerMain.class);
    private static final Set<String> OPTIONS = Set.of("--data", "--port", "--host", "--port-file", "--user",
            "--password", "--password-env", "--roles", "--pool", "--threads", "--chdb-library", "--tls-keystore",
            "--tls-password-env", "--header-timeout",
            "--body-timeout", "--idle-timeout", "--max-connections-per-client", "--max-connections",
            "--max-query-size", "--max-insert-size", "--max-execution-time");
    private static final Set<String> SECONDS = Set.of("--header-timeout", "--body-timeout", "--idle-timeout",
            "--max-execution-time");
    private static final Set<String> COUNTS = Set.of("--port", "--pool", "--threads", "--max-connections-per-client",
            "--max-connections", "--max-query-size", "--max-insert-size");
    private static final Duration DRAIN = Duration.ofSeconds(20);

    private ClickHouseServerMain() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args;
        try {
            args = parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("clickhouse: " + e.getMessage());
            ProcessExit.now(2);
            return;
        }
        Path dataDir = Path.of(args.get("--data"));
        Path library = args.containsKey("--chdb-library")
                ? Path.of(args.get("--chdb-library")) : ParallaxConfig.load().chdbLibrary();
        int pool = Integer.parseInt(args.getOrDefault("--pool", "4"));

        Engine engine;
        try {
            engine = Engine.open(library, dataDir, pool);
        } catch (EngineException | IllegalArgumentException e) {
            System.err.println("clickhouse: cannot open the engine: " + e.getMessage());
            ProcessExit.now(1);
            return;
        }
        try {
            serve(args, engine, pool);
        } catch (Exception e) {
            // Any way out of main must avoid a normal JVM exit with chDB loaded.
            System.err.println("clickhouse: " + e);
            engine.close(Duration.ZERO);
            ProcessExit.now(1);
        }
    }

    private static String password(Map<String, String> args) {
        if (!args.containsKey("--password-env")) return args.getOrDefault("--password", "");
        return environment(args.get("--password-env"));
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        if (value == null) throw new IllegalArgumentException("environment variable " + name + " is not set");
        return value;
    }

    /** HTTPS when a key store is given; its password comes from the environment, never the command line. */
    private static ServerTls tls(Map<String, String> args) {
        if (!args.containsKey("--tls-keystore")) return null;
        String password = args.containsKey("--tls-password-env") ? environment(args.get("--tls-password-env")) : "";
        return new ServerTls(Path.of(args.get("--tls-keystore")), password);
    }

    /** The owner (unless only roles are asked for) and each role's user from {@code config}. */
    static FrontUsers users(Map<String, String> args, ParallaxConfig config) {
        List<ClickHouseRole> roles = roles(args);
        FrontUsers users = roles.isEmpty() || args.containsKey("--user")
                ? FrontUsers.owner(new Credentials(args.getOrDefault("--user", "default"), password(args)))
                : FrontUsers.rolesOnly();
        for (ClickHouseRole role : roles) {
            ClickHouseLogin login = config.ownClickhouseLogin(role).filter(l -> !l.password().isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException("no password for role " + role.roleName()
                            + " (" + role.passwordKey() + ")"));
            users = users.withRole(role, login);
        }
        return users;
    }

    private static List<ClickHouseRole> roles(Map<String, String> args) {
        if (!args.containsKey("--roles")) return List.of();
        return Arrays.stream(args.get("--roles").split(",")).map(r -> {
            try {
                return ClickHouseRole.valueOf(r.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--roles: no role " + r.strip() + "; known: "
                        + Arrays.stream(ClickHouseRole.values()).map(x -> x.name().toLowerCase(Locale.ROOT)).toList());
            }
        }).toList();
    }

    private static void serve(Map<String, String> args, Engine engine, int pool) throws Exception {
        ServerTls tls = tls(args);
        HttpFront front = HttpFront.builder(engine, users(args, ParallaxConfig.load()))
                .host(args.getOrDefault("--host", "127.0.0.1"))
                .port(Integer.parseInt(args.getOrDefault("--port", "8123")))
                .limits(limits(args))
                .timezone(timezone(engine))
                .tls(tls)
                .start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: draining requests, closing the engine");
            front.stop(DRAIN);
            engine.close(DRAIN);
            ProcessExit.now(0);
        }, "clickhouse-shutdown"));

        if (args.containsKey("--port-file")) writePortFile(Path.of(args.get("--port-file")), front.port());
        log.info("ClickHouse (chDB) on {} serving {}://{}:{}/ with {} engine connections", engine.dataDir(),
                tls == null ? "http" : "https", front.address().getHostString(), front.port(), pool);
        System.out.println("clickhouse listening on port " + front.port());
        Thread.currentThread().join(); // serve until the shutdown hook ends the process
    }

    private static String timezone(Engine engine) throws InterruptedException {
        try (Engine.Lease lease = engine.lease(Duration.ofSeconds(30));
             QueryResult result = lease.connection().execute(EngineQuery.of("SELECT timezone()", "TabSeparated"))) {
            return new String(result.toByteArray(), StandardCharsets.UTF_8).strip();
        } catch (EngineException e) {
            log.warn("cannot read the engine's timezone, announcing UTC: {}", e.getMessage());
            return "UTC";
        }
    }

    /** Written atomically, so a parent polling for the file never reads half a number. */
    private static void writePortFile(Path file, int port) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(port));
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String option = argv[i];
            String value;
            int eq = option.indexOf('=');
            if (eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else {
                if (i + 1 >= argv.length) throw new IllegalArgumentException(option + " needs a value");
                value = argv[++i];
            }
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option " + option + "; known: " + OPTIONS);
            }
            args.put(option, value);
        }
        if (!args.containsKey("--data")) throw new IllegalArgumentException("--data DIR is required");
        for (String numeric : COUNTS) {
            String v = args.get(numeric);
            if (v != null && !v.matches("\\d{1,18}")) {
                throw new IllegalArgumentException(numeric + " must be a number: " + v);
            }
        }
        for (String seconds : SECONDS) {
            String v = args.get(seconds);
            if (v != null && !v.matches("\\d{1,9}(\\.\\d{1,3})?")) {
                throw new IllegalArgumentException(seconds + " must be a number of seconds: " + v);
            }
        }
        limits(args); // reports a limit out of range now rather than after the engine has loaded
        roles(args);
        return args;
    }

    /** The front's limits: the defaults, overridden by the options given. */
    static FrontLimits limits(Map<String, String> args) {
        FrontLimits.Builder limits = FrontLimits.DEFAULTS.toBuilder();
        if (args.containsKey("--header-timeout")) limits.headerTimeout(seconds(args, "--header-timeout"));
        if (args.containsKey("--body-timeout")) limits.bodyTimeout(seconds(args, "--body-timeout"));
        if (args.containsKey("--idle-timeout")) limits.idleTimeout(seconds(args, "--idle-timeout"));
        if (args.containsKey("--max-execution-time")) limits.maxExecutionTime(seconds(args, "--max-execution-time"));
        if (args.containsKey("--max-connections-per-client")) {
            limits.maxConnectionsPerClient((int) count(args, "--max-connections-per-client"));
        }
        if (args.containsKey("--max-connections")) limits.maxConnections((int) count(args, "--max-connections"));
        if (args.containsKey("--max-query-size")) limits.maxQueryBytes((int) count(args, "--max-query-size"));
        if (args.containsKey("--max-insert-size")) limits.maxInsertBytes(count(args, "--max-insert-size"));
        return limits.build();
    }

    /** The options that give {@code limits} to a server started with them (see {@link #limits(Map)}). */
    static List<String> arguments(FrontLimits limits) {
        return List.of("--header-timeout", seconds(limits.headerTimeout()),
                "--body-timeout", seconds(limits.bodyTimeout()),
                "--idle-timeout", seconds(limits.idleTimeout()),
                "--max-connections-per-client", Integer.toString(limits.maxConnectionsPerClient()),
                "--max-connections", Integer.toString(limits.maxConnections()),
                "--max-query-size", Integer.toString(limits.maxQueryBytes()),
                "--max-insert-size", Long.toString(limits.maxInsertBytes()),
                "--max-execution-time", seconds(limits.maxExecutionTime()));
    }

    private static Duration seconds(Map<String, String> args, String option) {
        return Duration.ofMillis(new BigDecimal(args.get(option)).movePointRight(3).longValueExact());
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static long count(Map<String, String> args, String option) {
        long value = Long.parseLong(args.get(option));
        if (value > Integer.MAX_VALUE && !option.equals("--max-insert-size")) {
            throw new IllegalArgumentException(option + " is too large: " + value);
        }
        return value;
    }
}
