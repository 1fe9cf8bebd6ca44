package dev.parallax.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.parallax.limits.AddressTurns;
import dev.parallax.metrics.PipelineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The HTTP collector: {@code POST /v1/inference}, {@code /v1/device}, {@code /v1/run} for batches of JSON events
 * (plain or gzip), {@code GET /v1/identity} for whom a token stands for, {@code GET /health} for readiness and
 * {@code GET /openapi.yaml} for its description. Slow and idle clients are cut off by {@link ServerTimeouts}, and one
 * address has at most its {@link PerClientLimit} of requests handled at once. Requests by status, and the events
 * and dead letters of each topic, are counted in the registry it is given ({@link RequestCounts}, {@link PipelineMetrics}).
 */
public final class CollectorServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers;
    private final Producer<String, byte[]> producer;

    private CollectorServer(CollectorSettings settings, MeterRegistry registry) throws IOException {
        this.producer = new KafkaProducer<>(producerConfig(settings), new StringSerializer(), new ByteArraySerializer());
        DeviceTokens tokens = new DeviceTokens(settings.tokensFile(), settings.fixedTokens());
        InFlightBudget budget = new InFlightBudget(settings.maxInFlightBytes());
        RunOwners runOwners = new RunOwners(settings.runOwners());
        PerClientLimit perClient = new PerClientLimit(new AddressTurns(settings.maxRequestsPerClient(), settings.requestTimeout()));
        RequestCounts counts = new RequestCounts(registry);
        PipelineMetrics pipeline = new PipelineMetrics(registry);
        ServerTimeouts.apply(settings);
        this.server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 128);
        for (EventRoute<?> route : List.of(EventRoute.inferenceEvents(), EventRoute.deviceSamples(), EventRoute.runEvents())) {
            context(route.path(), new IngestHandler<>(route, tokens, runOwners, budget, producer, settings, pipeline),
                    counts, perClient);
        }
        context("/v1/identity", new IdentityHandler(tokens), counts, perClient);
        byte[] health = "{\"status\":\"up\"}".getBytes(StandardCharsets.UTF_8);
        context("/health", exchange -> answer(exchange, "application/json", health), counts, perClient);
        byte[] openApi = openApi();
        context("/openapi.yaml", exchange -> answer(exchange, "application/yaml", openApi), counts, perClient);
        // One virtual thread per request: a client that sends its request slowly parks only its own thread until
        // the request timeout closes it, instead of holding one of a few workers that every other client waits for.
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("collector-", 0).factory());
        server.setExecutor(workers);
    }

    /** A collector counting into {@code registry} (the service's {@code MetricsEndpoint}'s, or a test's). */
    public static CollectorServer start(CollectorSettings settings, MeterRegistry registry) {
        try {
            CollectorServer collector = new CollectorServer(settings, registry);
            collector.server.start();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.bind() + ":" + settings.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        producer.close(Duration.ofSeconds(5));
    }

    /** Requests are counted first, so that those a later filter turns away count too. */
    private void context(String path, HttpHandler handler, RequestCounts counts, PerClientLimit perClient) {
        server.createContext(path, handler).getFilters().addAll(List.of(counts, perClient));
    }

    private static void answer(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                Responses.error(exchange, 405, "use GET");
                return;
            }
            Responses.send(exchange, 200, contentType, body);
        }
    }

    static byte[] openApi() throws IOException {
        try (InputStream in = CollectorServer.class.getResourceAsStream("/openapi/collector.yaml")) {
            if (in == null) throw new IOException("openapi/collector.yaml missing from the classpath");
            return in.readAllBytes();
        }
    }

    private static Map<String, Object> producerConfig(CollectorSettings settings) {
        return settings.kafka().configFor("collector's producer", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.kafkaTimeout().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(settings.kafkaTimeout().toMillis(), 5_000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(settings.kafkaTimeout().toMillis(), 5_000)));
    }
}
