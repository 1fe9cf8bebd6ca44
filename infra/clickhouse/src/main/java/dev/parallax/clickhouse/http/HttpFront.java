package dev.parallax.clickhouse.http;

import com.sun.net.httpserver.HttpServer;
import dev.parallax.clickhouse.engine.Engine;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ClickHouse's HTTP interface in front of an {@link Engine}, on the JDK's HTTP server: {@code /} for queries and
 * {@code /ping} for health, enough for the official JDBC driver.
 *
 * <p>Requests run on a fixed pool of threads with a short queue; when both are full, the accepting thread runs the
 * request itself, which stops it accepting more: back-pressure rather than unbounded queueing.
 */
public final class HttpFront implements AutoCloseable {

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private HttpFront(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    public static Builder builder(Engine engine, Credentials credentials) {
        return new Builder(engine, credentials);
    }

    /** The port actually bound (useful when asked for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting requests, then waits up to {@code drain} for those in flight to finish. */
    public void stop(Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        server.stop((int) Math.max(1, drain.toSeconds()));
        executor.shutdown();
        try {
            executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    public static final class Builder {
        private final Engine engine;
        private final Credentials credentials;
        private String host = "127.0.0.1";
        private int port = 8123;
        private int threads = 16;
        private Duration leaseTimeout = Duration.ofMinutes(5);
        private String timezone = "UTC";
        private String displayName = "parallax-embedded-clickhouse";
        private Path insertDirectory;

        private Builder(Engine engine, Credentials credentials) {
            this.engine = Objects.requireNonNull(engine);
            this.credentials = Objects.requireNonNull(credentials);
            this.insertDirectory = engine.dataDir().resolve("http-insert-data");
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be positive");
            this.threads = threads;
            return this;
        }

        /** How long a request waits for a free engine connection before it fails. */
        public Builder leaseTimeout(Duration leaseTimeout) {
            this.leaseTimeout = leaseTimeout;
            return this;
        }

        /** The engine's timezone, announced in X-ClickHouse-Timezone. */
        public Builder timezone(String timezone) {
            this.timezone = timezone;
            return this;
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        /** Where inline INSERT data is staged; defaults to a folder in the engine's data directory. */
        public Builder insertDirectory(Path insertDirectory) {
            this.insertDirectory = insertDirectory;
            return this;
        }

        public HttpFront start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(threads), r -> {
                        Thread t = new Thread(r, "clickhouse-http-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.CallerRunsPolicy());
            ServerIdentity identity = new ServerIdentity(displayName, timezone);
            server.createContext("/", new QueryHandler(engine, credentials, new InsertDataFiles(insertDirectory),
                    identity, leaseTimeout));
            server.createContext("/ping", exchange -> {
                try (exchange) {
                    byte[] ok = "Ok.\n".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
                    exchange.sendResponseHeaders(200, ok.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(ok);
                    }
                }
            });
            server.setExecutor(executor);
            server.start();
            return new HttpFront(server, executor);
        }
    }
}
