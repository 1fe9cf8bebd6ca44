package dev.parallax.ui.metrics;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.metrics.MetricsService;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The UI's {@code /metrics}, on {@code ui.metrics.port} (9405) at the UI's own address ({@code ui.host}) unless
 * {@code ui.metrics.bind} says otherwise; alert evaluation and the webhook count into it, and so does every HTTP
 * request the UI answers, by method and status ({@code parallax_ui_requests_total{method,status}}).
 */
@Configuration
public class MetricsConfiguration {

    @Bean(destroyMethod = "close")
    MetricsEndpoint uiMetrics(ParallaxConfig config) {
        return MetricsEndpoint.start(config, MetricsService.UI, config.get("ui.host", "127.0.0.1"));
    }

    /** First of all filters, so that what sign-in turns away (redirects, 403) is counted too. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> uiRequestCounts(MetricsEndpoint metrics) {
        Map<String, Counter> counters = new ConcurrentHashMap<>(); // looked up once per method and status, not per request
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    chain.doFilter(request, response);
                } finally {
                    String method = request.getMethod();
                    String status = String.valueOf(response.getStatus());
                    counters.computeIfAbsent(method + ' ' + status, key -> Counter.builder("parallax.ui.requests")
                            .description("HTTP requests the UI answered, by method and status")
                            .tag("method", method).tag("status", status).register(metrics.registry())).increment();
                }
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
