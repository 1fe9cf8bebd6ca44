package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.engine.Engine;
import dev.parallax.clickhouse.engine.EngineException;
import dev.parallax.clickhouse.engine.EngineQuery;
import dev.parallax.clickhouse.engine.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocket;

/**
 * ClickHouse's HTTP interface in front of an {@link Engine}: {@code /} for queries and {@code /ping} for health,
 * enough for the official JDBC driver.
 *
 * <p>Each connection has its own virtual thread, so clients that are slow to send or to read, or that send half
 * a request and wait, tie up nothing the others need; an engine connection is taken only while a statement runs.
 * {@link FrontLimits} bounds time, size and connections per client.
 */
public final class HttpFront implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpFront.class);

    private final ServerSocket server;
    private final FrontLimits limits;
    private final Deadlines deadlines;
    private final ClientLimiter clients;
    private final QueryHandler handler;
    private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean stopping;

    private HttpFront(ServerSocket server, FrontLimits limits, QueryHandler handler, Deadlines deadlines) {
        this.server = server;
        this.limits = limits;
        this.deadlines = deadlines;
        this.clients = new ClientLimiter(limits.maxConnectionsPerClient(), limits.maxConnections());
        this.handler = handler;
        this.acceptor = Thread.ofPlatform().name("clickhouse-http-accept").daemon().unstarted(this::accept);
    }

    public static Builder builder(Engine engine, FrontUsers users) {
        return new Builder(engine, users);
    }

    /** The port actually bound (useful when asked for port 0). */
    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public FrontLimits limits() {
        return limits;
    }

    private void accept() {
        while (!stopping) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (stopping) return;
                log.warn("accepting a connection failed: {}", e.toString());
                pause(); // e.g. out of file descriptors: do not spin
                continue;
            }
            InetAddress client = socket.getInetAddress();
            if (!clients.admit(client)) {
                Thread.ofVirtual().start(() -> turnAway(socket, client));
                continue;
            }
            ClientConnection connection = new ClientConnection(socket, limits, deadlines, handler,
                    () -> clients.release(client));
            open.add(connection);
            Thread.ofVirtual().name("clickhouse-http-" + socket.getPort()).start(() -> {
                try {
                    connection.run();
                } finally {
                    open.remove(connection);
                }
            });
        }
    }

    /** A connection over the limits is answered at once, as a busy ClickHouse server answers, and closed. */
    private void turnAway(Socket socket, InetAddress client) {
        try (socket; Deadlines.Deadline ignored = deadlines.after(limits.headerTimeout(), () -> close(socket))) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            ClientConnection.refuse(out, 503, 202, "Code: 202. DB::Exception: Too many connections: "
                    + clients.open(client) + " open from " + client.getHostAddress() + " (at most "
                    + limits.maxConnectionsPerClient() + " per client, " + limits.maxConnections()
                    + " in all). (TOO_MANY_SIMULTANEOUS_QUERIES)");
            // TLS has no half-close; closing the socket sends close_notify after the answer instead.
            if (!(socket instanceof SSLSocket)) socket.shutdownOutput();
        } catch (IOException e) {
            log.debug("turning away {} failed: {}", client, e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Stops accepting connections, then waits up to {@code drain} for requests in progress to finish. */
    public void stop(Duration drain) {
        stopping = true;
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing the listening socket: {}", e.toString());
        }
        long deadline = System.nanoTime() + drain.toNanos();
        open.forEach(ClientConnection::stop);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.forEach(ClientConnection::abort);
        deadlines.close();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    public static final class Builder {
        private final Engine engine;
        private final FrontUsers users;
        private String host = "127.0.0.1";
        private int port = 8123;
        private Duration leaseTimeout = Duration.ofMinutes(5);
        private String timezone = "UTC";
        private String displayName = "parallax-embedded-clickhouse";
        private Path insertDirectory;
        private FrontLimits limits = FrontLimits.DEFAULTS;
        private ServerTls tls;

        private Builder(Engine engine, FrontUsers users) {
            this.engine = Objects.requireNonNull(engine);
            this.users = Objects.requireNonNull(users);
            if (users.isEmpty()) throw new IllegalArgumentException("the front needs a user to accept");
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

        public Builder limits(FrontLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** Serves HTTPS instead of HTTP. */
        public Builder tls(ServerTls tls) {
            this.tls = tls;
            return this;
        }

        public HttpFront start() throws IOException {
            StatementPolicy policy = new StatementPolicy(tableFunctions(engine));
            Deadlines deadlines = new Deadlines();
            QueryHandler handler = new QueryHandler(engine, users, new InsertDataFiles(insertDirectory),
                    new ServerIdentity(displayName, timezone), leaseTimeout, limits, policy, deadlines);
            ServerSocket server = tls == null ? new ServerSocket() : tls.serverContext().getServerSocketFactory().createServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(host, port), 128);
            HttpFront front = new HttpFront(server, limits, handler, deadlines);
            front.acceptor.start();
            return front;
        }

        /**
         * The engine's table functions, so that every one not on the policy's short allow-list is refused, including
         * those a newer engine adds. Falls back to the policy's own list of the dangerous ones.
         */
        private static List<String> tableFunctions(Engine engine) {
            try (Engine.Lease lease = engine.lease(Duration.ofSeconds(30));
                 QueryResult result = lease.connection().execute(EngineQuery.of(
                         "SELECT name FROM system.table_functions", "TabSeparated"))) {
                String names = new String(result.toByteArray(), StandardCharsets.UTF_8);
                return Arrays.stream(names.split("\n")).filter(n -> !n.isBlank()).toList();
            } catch (EngineException e) {
                log.warn("cannot list the engine's table functions, refusing the known dangerous ones: {}",
                        e.getMessage());
                return List.copyOf(StatementPolicy.KNOWN_DANGEROUS_TABLE_FUNCTIONS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.copyOf(StatementPolicy.KNOWN_DANGEROUS_TABLE_FUNCTIONS);
            }
        }
    }
}
