package dev.parallax.insights;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.GroupLease;
import dev.parallax.insights.alerts.AlertRecord;
import dev.parallax.insights.alerts.KafkaAlertLog;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.process.Readiness;
import dev.parallax.testkit.PrometheusText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The insights service as its own process's entry point: alert evaluation runs without any UI (no web server in
 * it), its alerts reach the alert topic, and it serves its own {@code /metrics}; a UI told to leave that work to the
 * service ({@code ui.insights=false}) never holds the lease.
 */
class InsightsServiceTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    @Test
    void evaluatesAlertsWithoutAWebFront() throws Exception {
        FleetData.deviceSample(warehouse.warehouse(), Instant.now().minus(Duration.ofMinutes(12)), "is-pi-silent",
                "pi5-hailo8l", "EDGE", 55);
        try (KafkaFixture kafka = new KafkaFixture();
             KafkaAlertLog log = new KafkaAlertLog(KafkaClientSettings.of(kafka.bootstrap()))) {
            ParallaxConfig config = warehouse.config(Map.of(ParallaxConfig.KAFKA_BOOTSTRAP, kafka.bootstrap(),
                    "ui.alerts.interval.seconds", "1", "insights.metrics.port", "0", "ui.insights", "false"));
            try (ConfigurableApplicationContext insights = InsightsMain.start(config)) {
                for (String web : List.of("com.vaadin.flow.server.VaadinServlet", "org.apache.catalina.startup.Tomcat",
                        "org.springframework.web.context.WebApplicationContext")) {
                    assertThrows(ClassNotFoundException.class, () -> Class.forName(web), "no web front in it: " + web);
                }
                Readiness.await("the silent device's alert on the alert topic", Duration.ofSeconds(90),
                        () -> log.readAll().stream().map(AlertRecord::row)
                                .anyMatch(a -> a.alertKey().equals("device=is-pi-silent")));
                PrometheusText page = PrometheusText.scrape(insights.getBean(MetricsEndpoint.class).url());
                assertTrue(page.value("parallax_alert_evaluations_total", Map.of("outcome", "done")) >= 1,
                        "evaluations counted in its /metrics");
            }
            assertFalse(new LeaseConfiguration().insightsLease(config).isHeld());
            List<AlertRecord> all = log.readAll();
            assertTrue(all.stream().filter(r -> r.row().alertKey().equals("device=is-pi-silent")).count() == 1,
                    "raised once: " + all);
        }
    }

    @Test
    void aUiThatLeavesTheWorkToTheServiceNeverJoinsTheLease() {
        GroupLease lease = new LeaseConfiguration().insightsLease(ParallaxConfig.of(Map.of("ui.insights", "false")));
        assertFalse(lease.isHeld());
        assertTrue(lease.term() == 0);
        lease.close();
    }
}
