package dev.parallax.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.metrics.PipelineMetrics;
import dev.parallax.metrics.StateGauge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A service's endpoint over HTTP, read as Prometheus reads it; and pages Prometheus would refuse are refused. */
class MetricsEndpointTest {

    enum Phase { STARTING, RUNNING }

    @Test
    void countsAndStatesAreServedAsPrometheusText() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0)) {
            PipelineMetrics pipeline = new PipelineMetrics(endpoint.registry());
            pipeline.eventsIn("parallax.inference.v1", 50);
            pipeline.eventsOut("parallax.latency.v1", 3);
            pipeline.deadLetter("parallax.inference.v1", "malformed");
            pipeline.deadLetter("parallax.inference.v1", "malformed");
            AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
            StateGauge.register(endpoint.registry(), "analytics", Phase.class, phase::get);
            phase.set(Phase.RUNNING);

            PrometheusText page = PrometheusText.scrape(endpoint.url());

            assertEquals(50, page.value("parallax_events_in_total", Map.of("topic", "parallax.inference.v1")));
            assertEquals(3, page.value("parallax_events_out_total", Map.of("topic", "parallax.latency.v1")));
            assertEquals(2, page.value("parallax_dead_letters_total",
                    Map.of("topic", "parallax.inference.v1", "reason_class", "malformed")));
            assertEquals(1, page.value("parallax_job_state", Map.of("job", "analytics", "state", "RUNNING")));
            assertEquals(0, page.value("parallax_job_state", Map.of("job", "analytics", "state", "STARTING")));
            assertTrue(page.has("jvm_memory_used_bytes"));
        }
    }

    @Test
    void onlyGetOfMetricsIsAnswered() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0);
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(endpoint.url() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, other.statusCode());
        }
    }

    @Test
    void aPageBreakingTheFormatIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("untyped_sample 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a counter\na_total{x=1} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na one\n"));
        assertEquals(2, PrometheusText.parse("# TYPE a counter\na_total{x=\"q\\\"\"} 2.0\n")
                .value("a_total", Map.of()));
    }
}
