package dev.parallax.ui;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.KafkaFixture;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.alerts.AlertCenter;
import dev.parallax.insights.alerts.AlertRow;
import dev.parallax.metrics.MetricsService;
import dev.parallax.process.LocalPorts;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The UI of a browser test: its own Kafka broker, the UI on a free port against the test's warehouse, and headless
 * {@link Chromium}; all stopped after the test class. A test class registers it as a static field,
 * {@code @RegisterExtension static final BrowserFixture ui = new BrowserFixture();}, and {@link #start}s it from its
 * {@code @BeforeAll} once its data is in the warehouse.
 */
final class BrowserFixture implements AfterAllCallback {

    private KafkaFixture kafka;
    private ConfigurableApplicationContext app;
    private Chromium chromium;
    private String url;

    /** Starts Kafka, the UI with {@code settings} (its port, its metrics port and the broker added) and Chromium. */
    void start(WarehouseFixture warehouse, Map<String, String> settings) throws IOException {
        kafka = new KafkaFixture();
        int port = LocalPorts.free();
        Map<String, String> all = new HashMap<>(settings);
        all.put(ParallaxUi.PORT, Integer.toString(port));
        all.put(ParallaxConfig.KAFKA_BOOTSTRAP, kafka.bootstrap());
        // A free metrics port, not the default 9405: a running stack or another test run may hold that one.
        all.putIfAbsent(MetricsService.UI.portKey(), "0");
        app = ParallaxUi.start(warehouse.config(all));
        url = "http://127.0.0.1:" + port;
        chromium = new Chromium();
    }

    ConfigurableApplicationContext app() {
        return app;
    }

    Chromium chromium() {
        return chromium;
    }

    /** The UI's address, {@code http://127.0.0.1:<port>}. */
    String url() {
        return url;
    }

    /** The active alert about {@code subject} (its key), once the background evaluator has raised it. */
    AlertRow alertAbout(String subject) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var found = app.getBean(AlertCenter.class).active().stream()
                    .filter(a -> a.alertKey().equals(subject)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            chromium.page().waitForTimeout(200);
        }
        throw new AssertionError("the evaluator raised no alert about " + subject);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (chromium != null) chromium.close();
        if (app != null) app.close();
        if (kafka != null) kafka.close();
    }
}
