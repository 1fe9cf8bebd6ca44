package dev.parallax.insights.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.parallax.analytics.alert.AlertEvent;
import dev.parallax.analytics.alert.Severity;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.testkit.PrometheusText;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Webhook delivery against a real HTTP endpoint that fails before it succeeds. */
class WebhookNotifierTest {

    static AlertRecord raised() {
        AlertEvent event = new AlertEvent("e-1", "a-1", AlertEvent.Type.RAISED, "device-silent", "device=pi-7",
                Severity.WARNING, "pi-7 (pi5-hailo8l) silent for 12 min", 720, 600, Instant.EPOCH, AlertEvent.SYSTEM);
        return new AlertRecord(event, AlertRow.raised(event));
    }

    @Test
    void retriesWithBackoffUntilTheEndpointAcceptsASlackMessage() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<Long> times = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            times.add(System.nanoTime());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(calls.incrementAndGet() <= 2 ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        try (MetricsEndpoint metrics = MetricsEndpoint.start("127.0.0.1", 0);
             WebhookNotifier notifier = new WebhookNotifier(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                     + "/hook"), 5, Duration.ofMillis(100), metrics.registry())) {
            notifier.accept(raised());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (calls.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertEquals(3, calls.get(), "two failures, then delivered, then nothing more");
            assertEquals("{\"text\":\"[WARNING] pi-7 (pi5-hailo8l) silent for 12 min (rule device-silent)\"}",
                    bodies.get(2));
            assertTrue(times.get(2) - times.get(1) >= TimeUnit.MILLISECONDS.toNanos(190), "backoff doubles");
            PrometheusText page = PrometheusText.scrape(metrics.url());
            assertEquals(2, page.value("parallax_webhook_failures_total", Map.of("outcome", "retried")));
            assertEquals(2, page.value("parallax_webhook_failures_total", Map.of()));
            assertEquals(1, page.value("parallax_webhook_deliveries_total", Map.of()));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClientErrorIsFinal() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try (MetricsEndpoint metrics = MetricsEndpoint.start("127.0.0.1", 0);
             WebhookNotifier notifier = new WebhookNotifier(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                     + "/hook"), 5, Duration.ofMillis(20), metrics.registry())) {
            notifier.accept(raised());
            Thread.sleep(500);
            assertEquals(1, calls.get());
            PrometheusText page = PrometheusText.scrape(metrics.url());
            assertEquals(Map.of("refused", 1.0, "retried", 0.0, "delivered", 0.0), Map.of(
                    "refused", page.value("parallax_webhook_failures_total", Map.of("outcome", "refused")),
                    "retried", page.value("parallax_webhook_failures_total", Map.of("outcome", "retried")),
                    "delivered", page.value("parallax_webhook_deliveries_total", Map.of())));
        } finally {
            server.stop(0);
        }
    }
}
