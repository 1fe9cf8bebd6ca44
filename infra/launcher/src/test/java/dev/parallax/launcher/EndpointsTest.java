package dev.parallax.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.config.ParallaxConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code ./parallax env} prints about metrics: a scrape URL per service of the stack, from its configured port. */
class EndpointsTest {

    @Test
    void everyServiceOfTheStackHasItsMetricsUrl() {
        Map<String, String> variables = Endpoints.of(ParallaxConfig.of(Map.of("sink.metrics.port", "19402"))).variables();
        assertEquals("http://127.0.0.1:9401/metrics", variables.get("PARALLAX_METRICS_COLLECTOR"));
        assertEquals("http://127.0.0.1:19402/metrics", variables.get("PARALLAX_METRICS_SINK"));
        assertEquals("http://127.0.0.1:9403/metrics", variables.get("PARALLAX_METRICS_ANALYTICS"));
    }
}
