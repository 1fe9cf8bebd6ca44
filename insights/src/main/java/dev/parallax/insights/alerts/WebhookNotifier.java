package dev.parallax.insights.alerts;

import dev.parallax.analytics.alert.AlertEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts each alert event to a webhook as Slack-compatible JSON ({@code {"text": "..."}}). Delivery runs on its own
 * thread so a slow endpoint never holds up evaluation; a failed post (I/O error, 429 or 5xx) is retried with
 * exponential backoff, other 4xx answers are final. Posts are counted: delivered
 * ({@code parallax_webhook_deliveries_total}) or failed ({@code parallax_webhook_failures_total{outcome}}: {@code retried},
 * {@code refused} for a final 4xx, {@code gave_up} after the last attempt).
 */
public final class WebhookNotifier implements Consumer<AlertRecord>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI url;
    private final int attempts;
    private final Duration firstBackoff;
    private final MeterRegistry registry;
    private final Counter deliveries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-webhook");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param attempts     posts per event at most, the first included
     * @param firstBackoff wait before the second attempt; doubled for each further one
     */
    public WebhookNotifier(URI url, int attempts, Duration firstBackoff, MeterRegistry registry) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("webhook URL must be http or https: " + url);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1: " + attempts);
        }
        this.url = url;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.registry = registry;
        this.deliveries = Counter.builder("parallax.webhook.deliveries").description("Alert events the webhook accepted")
                .register(registry);
    }

    @Override
    public void accept(AlertRecord record) {
        byte[] body = JSON.writeValueAsBytes(Map.of("text", text(record)));
        executor.execute(() -> post(record.event().eventId(), body, 1));
    }

    static String text(AlertRecord record) {
        AlertEvent e = record.event();
        AlertRow row = record.row();
        return switch (e.type()) {
            case RAISED -> "[" + row.severity() + "] " + row.message() + " (rule " + row.rule() + ")";
            case ACKNOWLEDGED -> "Acknowledged by " + e.actor() + ": " + row.message();
            case RESOLVED -> "Resolved: " + row.message()
                    + (e.actor().equals(AlertEvent.SYSTEM) ? " (condition cleared)" : " (by " + e.actor() + ")");
            case SNOOZED -> "Snoozed by " + e.actor() + " until " + e.until() + ": " + row.message();
        };
    }

    private void post(String eventId, byte[] body, int attempt) {
        String failure;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status / 100 == 2) {
                deliveries.increment();
                return;
            }
            if (status != 429 && status / 100 == 4) {
                LOG.warn("webhook refused alert event {} with HTTP {}; not retried", eventId, status);
                failed("refused");
                return;
            }
            failure = "HTTP " + status;
        } catch (IOException e) {
            failure = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt >= attempts) {
            LOG.warn("webhook delivery of alert event {} failed after {} attempts: {}", eventId, attempt, failure);
            failed("gave_up");
            return;
        }
        failed("retried");
        long delay = firstBackoff.toMillis() << (attempt - 1);
        executor.schedule(() -> post(eventId, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    private void failed(String outcome) {
        Counter.builder("parallax.webhook.failures").description("Failed webhook posts, by what came of them")
                .tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
