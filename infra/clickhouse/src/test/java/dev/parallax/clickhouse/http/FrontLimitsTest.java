package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The front's limits with real clients that misbehave: idle and half-sent connections, a client trickling its body,
 * too many connections from one address, a 100 MB query, statements that run too long or whose client leaves.
 * Latencies are measured and printed; assertions on them are loose (other builds share this machine).
 */
class FrontLimitsTest {

    private static final FrontLimits LIMITED = FrontLimits.DEFAULTS.toBuilder().headerTimeout(Duration.ofMillis(1500))
            .bodyTimeout(Duration.ofSeconds(3)).idleTimeout(Duration.ofSeconds(2)).maxConnectionsPerClient(24).build();
    private static final FrontLimits TIMED =
            FrontLimits.DEFAULTS.toBuilder().maxExecutionTime(Duration.ofSeconds(1)).build();

    @TempDir
    static Path dir;
    /** Short timeouts and a small connection cap, the default 1 MiB query limit. */
    static EmbeddedClickHouse limited;
    /** A 1 s max execution time. */
    static EmbeddedClickHouse timed;
    static FrontClient front;

    @BeforeAll
    static void start() throws Exception {
        CompletableFuture<EmbeddedClickHouse> other = CompletableFuture.supplyAsync(() -> start("timed", TIMED, 1));
        limited = start("limited", LIMITED, 3);
        timed = other.join();
        front = new FrontClient(limited);
    }

    private static EmbeddedClickHouse start(String name, FrontLimits limits, int pool) {
        try {
            return EmbeddedClickHouse.builder(dir.resolve(name)).user("parallax").password("limits-secret")
                    .pool(pool).limits(limits).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (limited != null) limited.stop();
        if (timed != null) timed.stop();
    }

    @Test
    void idleHalfSentAndSlowClientsDoNotStopNormalOnes() throws Exception {
        List<Long> before = latencies(5);
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Socket s = connect("127.0.0.1");
            s.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            idle.add(s);
        }
        Socket slow = connect("127.0.0.1");
        OutputStream slowOut = slow.getOutputStream();
        slowOut.write(("POST / HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic() + "\r\nContent-Length: 1000\r\n\r\n"
                + "SELECT ").getBytes(StandardCharsets.US_ASCII));
        Thread trickle = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Thread.sleep(100);
                    slowOut.write('1');
                    slowOut.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the server closed it
            }
        });
        try {
            List<Long> during = latencies(20);
            System.out.printf("SELECT 1 latency (ms) before: %s; with 16 half-sent and a slow client: %s%n",
                    before, during);
            assertTrue(during.stream().allMatch(ms -> ms < 5000), "normal clients answered: " + during);

            long started = System.nanoTime();
            for (Socket s : idle) assertClosedByServer(s, Duration.ofSeconds(8));
            System.out.printf("half-sent requests closed after %d ms (header timeout %d ms)%n",
                    (System.nanoTime() - started) / 1_000_000, LIMITED.headerTimeout().toMillis());
            assertClosedByServer(slow, Duration.ofSeconds(10));
            System.out.printf("the slow body was cut after %d ms (body timeout %d ms)%n",
                    (System.nanoTime() - started) / 1_000_000, LIMITED.bodyTimeout().toMillis());
        } finally {
            trickle.interrupt();
            for (Socket s : idle) s.close();
            slow.close();
        }
        assertEquals("1\n", front.query("SELECT 1"));
    }

    @Test
    void connectionsFromOneAddressAreCapped() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            // 127.0.0.2 is this machine too, but another client address: the cap is per address.
            try {
                open.add(connect("127.0.0.2"));
            } catch (IOException e) {
                assumeTrue(false, "no second loopback address here: " + e);
            }
            for (int i = 1; i < LIMITED.maxConnectionsPerClient(); i++) open.add(connect("127.0.0.2"));
            try (Socket over = connect("127.0.0.2")) {
                over.setSoTimeout(5000);
                String answer = new String(over.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertTrue(answer.contains("X-ClickHouse-Exception-Code: 202"), answer);
                assertTrue(answer.contains("Too many connections"), answer);
            }
            assertEquals("1\n", front.query("SELECT 1"), "other addresses are still served");
        } finally {
            for (Socket s : open) s.close();
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosed() throws Exception {
        try (Socket s = connect("127.0.0.1")) {
            s.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout(5000);
            byte[] head = new byte[512];
            int n = s.getInputStream().read(head);
            String response = new String(head, 0, n, StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.contains("Keep-Alive: timeout=2"), response);
            long started = System.nanoTime();
            assertClosedByServer(s, Duration.ofSeconds(8));
            System.out.printf("idle kept-alive connection closed after %d ms (idle timeout %d ms)%n",
                    (System.nanoTime() - started) / 1_000_000, LIMITED.idleTimeout().toMillis());
        }
    }

    @Test
    void aHundredMegabyteQueryIsRefusedUnread() throws Exception {
        long before = residentBytes(limited.pid());
        long size = 100L << 20;
        HttpResponse<String> r = front.send(front.request("")
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> hugeQuery(size)), size + 9))
                .build());
        long after = residentBytes(limited.pid());
        System.out.printf("100 MB query: %d %s; server RSS %d MB -> %d MB%n", r.statusCode(),
                r.body().strip(), before >> 20, after >> 20);
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("229", FrontClient.code(r), r.body());
        assertTrue(r.body().contains("Query is too large: more than 1048576 bytes of SQL"), r.body());
        assertTrue(after - before < 64L << 20, "RSS grew by " + ((after - before) >> 20) + " MB");
        assertEquals("1\n", front.query("SELECT 1"));
    }

    @Test
    void insertDataMayBeFarLargerThanTheQueryLimit() throws Exception {
        front.query("CREATE TABLE big (a UInt32, s String) ENGINE = MergeTree ORDER BY a");
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        byte[] text = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
        int count = 30_000;
        for (int i = 0; i < count; i++) {
            rows.write(new byte[]{(byte) i, (byte) (i >> 8), (byte) (i >> 16), (byte) (i >> 24), (byte) text.length});
            rows.write(text);
        }
        assertTrue(rows.size() > 2 * FrontLimits.DEFAULTS.maxQueryBytes());
        HttpResponse<String> r = front.post("query=" + FrontClient.encode("INSERT INTO big FORMAT RowBinary"),
                rows.toByteArray());
        assertEquals(200, r.statusCode(), r.body());

        // The sink's way: a JDBC batch the driver sends as one RowBinary body.
        Properties properties = new Properties();
        properties.setProperty("user", limited.user());
        properties.setProperty("password", limited.password());
        properties.setProperty("beta.row_binary_for_simple_insert", "true");
        try (Connection c = DriverManager.getConnection(limited.jdbcUrl("default"), properties);
             PreparedStatement insert = c.prepareStatement("INSERT INTO big (a, s) VALUES (?, ?)")) {
            for (int i = 0; i < count; i++) {
                insert.setInt(1, count + i);
                insert.setString(2, "y".repeat(100));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        assertEquals(2 * count + "\n", front.query("SELECT count() FROM big"));
    }

    @Test
    void anAbandonedStatementIsCancelled() throws Exception {
        String sql = "SELECT count() FROM numbers(1e13) SETTINGS max_execution_time = 0";
        String running = "SELECT count() FROM system.processes WHERE query LIKE '%numbers(1e13)%'"
                + " AND query NOT LIKE '%system.processes%'";
        try (Socket s = send(sql)) {
            awaitAnswer(running, "1\n", Duration.ofSeconds(10));
            Thread.sleep(1200); // a statement is watched for its client once it has run a second
        }
        long started = System.nanoTime();
        awaitAnswer(running, "0\n", Duration.ofSeconds(15));
        System.out.printf("abandoned statement cancelled %d ms after its client left (max execution time %d s)%n",
                (System.nanoTime() - started) / 1_000_000, LIMITED.maxExecutionTime().toSeconds());
        assertEquals("1\n", front.query("SELECT 1"));
    }

    @Test
    void longStatementsDoNotStarveOtherClients() throws Exception {
        // Two statements in the engine at once: each holds a thread inside chDB for as long as it runs. On a
        // two-core machine, virtual threads doing that would leave none for anybody else.
        String sql = "SELECT count() FROM numbers(2e13) SETTINGS max_execution_time = 0";
        String running = "SELECT count() FROM system.processes WHERE query LIKE '%numbers(2e13)%'"
                + " AND query NOT LIKE '%system.processes%'";
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) clients.add(send(sql));
            awaitAnswer(running, "2\n", Duration.ofSeconds(10));
            List<Long> during = latencies(5);
            System.out.printf("SELECT 1 latency (ms) while two statements run: %s%n", during);
            assertTrue(during.stream().allMatch(ms -> ms < 3000), "other clients answered: " + during);
            Thread.sleep(1200); // then their clients leave, and the engine is freed
        } finally {
            for (Socket s : clients) s.close();
        }
        awaitAnswer(running, "0\n", Duration.ofSeconds(15));
    }

    @Test
    void statementsStopAtTheMaxExecutionTime() throws Exception {
        FrontClient client = new FrontClient(timed);
        for (String[] probe : new String[][]{
                {"", "SELECT count() FROM numbers(1e13)"},
                {"max_execution_time=3600", "SELECT count() FROM numbers(1e13)"},
                {"", "SELECT count() FROM numbers(1e13) SETTINGS max_execution_time = 0"}}) {
            long started = System.nanoTime();
            HttpResponse<String> r = client.post(probe[0], probe[1]);
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("%s %s: %d in %d ms: %s%n", probe[0], probe[1], r.statusCode(), ms, r.body().strip());
            assertEquals("159", FrontClient.code(r), r.body());
            assertTrue(ms < 15_000, ms + " ms");
        }
        assertEquals("1\n", client.query("SELECT 1"));
    }

    private static List<Long> latencies(int queries) throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            long started = System.nanoTime();
            assertEquals("1\n", front.query("SELECT 1"));
            ms.add((System.nanoTime() - started) / 1_000_000);
        }
        return ms;
    }

    private static void awaitAnswer(String sql, String expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = front.query(sql);
            if (last.equals(expected)) return;
            Thread.sleep(50);
        }
        fail(sql + " answered " + last + ", not " + expected + ", for " + within);
    }

    /** A raw client that sends {@code sql} and does not read the answer. */
    private static Socket send(String sql) throws IOException {
        Socket s = connect("127.0.0.1");
        byte[] body = sql.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic()
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(body);
        s.getOutputStream().flush();
        return s;
    }

    private static Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", limited.port()), 5000);
        return s;
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (limited.user() + ":" + limited.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** Reading gives end of stream (or a reset) within {@code within}: the server closed the connection. */
    private static void assertClosedByServer(Socket s, Duration within) throws IOException {
        s.setSoTimeout((int) within.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer the server sent before closing, if any
            }
        } catch (SocketTimeoutException e) {
            fail("the server kept the connection open for " + within);
        } catch (SocketException e) {
            // reset by the server: closed too
        }
    }

    /** {@code SELECT 'aaaa...'} of {@code size} bytes between the quotes, generated as it is read. */
    private static InputStream hugeQuery(long size) {
        byte[] head = "SELECT '".getBytes(StandardCharsets.US_ASCII);
        return new InputStream() {
            long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long total = head.length + size + 1;
                if (position >= total) return -1;
                int n = (int) Math.min(len, total - position);
                for (int i = 0; i < n; i++, position++) {
                    b[off + i] = position < head.length ? head[(int) position]
                            : position == total - 1 ? (byte) '\'' : (byte) 'a';
                }
                return n;
            }
        };
    }

    private static long residentBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        throw new IOException("no VmRSS for " + pid);
    }
}
