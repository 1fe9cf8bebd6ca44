package dev.parallax.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.ingest.testing.TestEvents;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.LocalPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that open connections and never finish their requests (the probe: 8 half-sent requests stopped
 * the collector) while a normal client keeps being served. The collector runs in its own JVM because the JDK
 * server's timeouts are per-JVM settings (see {@link ServerTimeouts}). The slow clients come from 127.0.0.2, the
 * normal one from 127.0.0.1, so the per-address turns ({@link PerClientLimit}) are the slow ones' only.
 */
class CollectorSlowClientsTest {

    private static final String TOKEN = "slow-clients-test-token";
    private static final int PER_CLIENT = 4;

    @TempDir
    Path tmp;

    @Test
    void slowAndIdleConnectionsAreCutOffWhileOthersAreServed() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(1)).build().start();
        int port = LocalPorts.free();
        Path log = tmp.resolve("collector.log");
        JvmProcess process = CollectorJvm.builder(tmp, broker, port, TOKEN)
                .env("PARALLAX_COLLECTOR_REQUEST_TIMEOUT_MS", "3000")
                .env("PARALLAX_COLLECTOR_IDLE_TIMEOUT_MS", "3000")
                .env("PARALLAX_COLLECTOR_MAX_REQUESTS_PER_CLIENT", String.valueOf(PER_CLIENT))
                .start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Socket> slow = new ArrayList<>();
        try {
            CollectorJvm.awaitHealthy(http, port);

            // 12 half-sent request heads and 4 connections that send nothing at all.
            for (int i = 0; i < 12; i++) slow.add(send(port, "POST /v1/inference HTTP/1.1\r\nHost: x\r\nContent-"));
            for (int i = 0; i < 4; i++) slow.add(send(port, ""));
            Thread.sleep(300); // let the collector take them all in
            assertServedPromptly(http, port, slow.size());

            // Complete heads whose bodies never come take all of their address's turns: its next request waits
            // (it is not answered while they hold them), then is served once the request timeout has cut them off.
            for (int i = 0; i < PER_CLIENT; i++) slow.add(send(port, postHead(1_000) + "[{\"event_id\""));
            // A second and more later: the server's timer (1 s ticks) cuts them off before this request's own time is up.
            Thread.sleep(1_300);
            try (Socket next = send(port, postHead(2) + "[]")) {
                next.setSoTimeout(500);
                assertThrows(SocketTimeoutException.class, () -> next.getInputStream().read(), "it waits its turn");
                assertServedPromptly(http, port, slow.size()); // while other addresses are served at once
                String answer = readAll(next);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            }

            // Every slow connection is closed by the collector once the request or idle timeout (3 s) has passed.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            for (Socket socket : slow) {
                assertTrue(closedByPeer(socket, deadline), "the collector closed a slow connection");
            }
            assertTrue(process.isAlive(), Files.readString(log));
        } finally {
            for (Socket socket : slow) socket.close();
            process.stop(Duration.ofSeconds(5));
            broker.stop();
        }
    }

    /** /health and a valid POST from 127.0.0.1 are answered within their usual latency, give or take a busy machine. */
    private static void assertServedPromptly(HttpClient http, int port, int slowConnections) throws Exception {
        long worstNanos = 0;
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            assertEquals(200, CollectorJvm.health(http, port).statusCode());
            worstNanos = Math.max(worstNanos, System.nanoTime() - started);
        }
        long started = System.nanoTime();
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/inference"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventCodec.inference()
                        .encodeJson(TestEvents.inference("slow-clients", slowConnections, "pi5-07")))).build(),
                HttpResponse.BodyHandlers.ofString());
        long postNanos = System.nanoTime() - started;
        assertEquals(200, posted.statusCode(), posted.body());
        System.out.printf("with %d slow connections open: worst /health %.0f ms, POST %.0f ms%n",
                slowConnections, worstNanos / 1e6, postNanos / 1e6);
        assertTrue(worstNanos < Duration.ofSeconds(2).toNanos() && postNanos < Duration.ofSeconds(5).toNanos(),
                "served within the usual latency, give or take a busy machine");
    }

    private static String postHead(int contentLength) {
        return "POST /v1/inference HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /** A connection from 127.0.0.2 that has sent {@code text} and nothing more. */
    private static Socket send(int port, String text) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress("127.0.0.2", 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String readAll(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** True when the peer closed (end of stream or reset) before {@code deadline}; whatever it sent is skipped. */
    private static boolean closedByPeer(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                if (in.read(buffer) < 0) return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset
            }
        }
    }
}
