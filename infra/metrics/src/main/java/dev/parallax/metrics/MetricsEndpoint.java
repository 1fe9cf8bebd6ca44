package dev.parallax.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parallax.config.ParallaxConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A service's meters, served as Prometheus text at {@code GET /metrics} on the service's metrics port. Each
 * service makes one and passes {@link #registry()} to what it measures; nothing is global, so tests run several
 * services in one JVM, each with its own. Only meters are served: no configuration, no environment, no secrets.
 */
public final class MetricsEndpoint implements AutoCloseable {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final HttpServer server;
    private final ExecutorService workers;

    private MetricsEndpoint(String bind, int port) throws IOException {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // What an operator checks first when a service slows down: heap, collections, threads, CPU.
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        server.createContext("/metrics", this::scrape);
        this.workers = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("metrics-http").daemon().factory());
        server.setExecutor(workers);
    }

    /** The endpoint of {@code service} as configured ({@link MetricsService}); {@code serviceBind} as its default address. */
    public static MetricsEndpoint start(ParallaxConfig config, MetricsService service, String serviceBind) {
        return start(service.bind(config, serviceBind), service.port(config));
    }

    public static MetricsEndpoint start(String bind, int port) {
        try {
            MetricsEndpoint endpoint = new MetricsEndpoint(bind, port);
            endpoint.server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + bind + ":" + port, e);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The scrape URL, e.g. {@code http://127.0.0.1:9402/metrics}. */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdown();
        gc.close();
        registry.close();
    }

    private void scrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
