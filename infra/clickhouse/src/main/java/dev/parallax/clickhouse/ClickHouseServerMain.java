package dev.parallax.clickhouse;

import dev.parallax.clickhouse.engine.Engine;
import dev.parallax.clickhouse.engine.EngineException;
import dev.parallax.clickhouse.engine.EngineQuery;
import dev.parallax.clickhouse.engine.ProcessExit;
import dev.parallax.clickhouse.engine.QueryResult;
import dev.parallax.clickhouse.http.Credentials;
import dev.parallax.clickhouse.http.HttpFront;
import dev.parallax.config.ParallaxConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
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
 * --user U              the accepted user (default "default")
 * --password X          its password (default: empty)
 * --pool N              engine connections, i.e. queries running at once (default 4)
 * --threads N           HTTP worker threads (default 16)
 * --chdb-library PATH   libchdb.so (default: ParallaxConfig.chdbLibrary())
 * </pre>
 *
 * On SIGTERM or Ctrl-C it stops accepting, lets requests in flight finish, closes the engine and leaves through
 * {@code _exit(0)}: a normal JVM exit with chDB loaded hangs or crashes.
 */
public final class ClickHouseServerMain {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseServerMain.class);
    private static final Set<String> OPTIONS = Set.of("--data", "--port", "--host", "--port-file", "--user",
            "--password", "--pool", "--threads", "--chdb-library");
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

    private static void serve(Map<String, String> args, Engine engine, int pool) throws Exception {
        HttpFront front = HttpFront.builder(engine,
                        new Credentials(args.getOrDefault("--user", "default"), args.getOrDefault("--password", "")))
                .host(args.getOrDefault("--host", "127.0.0.1"))
                .port(Integer.parseInt(args.getOrDefault("--port", "8123")))
                .threads(Integer.parseInt(args.getOrDefault("--threads", "16")))
                .timezone(timezone(engine))
                .start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: draining requests, closing the engine");
            front.stop(DRAIN);
            engine.close(DRAIN);
            ProcessExit.now(0);
        }, "clickhouse-shutdown"));

        if (args.containsKey("--port-file")) writePortFile(Path.of(args.get("--port-file")), front.port());
        log.info("ClickHouse (chDB) on {} serving http://{}:{}/ with {} engine connections",
                engine.dataDir(), front.address().getHostString(), front.port(), pool);
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
        for (String numeric : new String[]{"--port", "--pool", "--threads"}) {
            String v = args.get(numeric);
            if (v != null && !v.matches("\\d+")) throw new IllegalArgumentException(numeric + " must be a number: " + v);
        }
        return args;
    }
}
