package dev.parallax.collector;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every answered request by path and status ({@code parallax_collector_requests_total{path,status}}),
 * whoever answered it: a handler, or a filter after it that turned the request away (429). The path label is the
 * endpoint's, never the request's own, so a client cannot add series. Counters are looked up once per path and
 * status, not per request.
 */
final class RequestCounts extends Filter {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    RequestCounts(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        try {
            chain.doFilter(exchange);
        } finally {
            int status = exchange.getResponseCode();
            if (status > 0) counter(exchange.getHttpContext().getPath(), status).increment();
        }
    }

    private Counter counter(String path, int status) {
        return counters.computeIfAbsent(path + ' ' + status, key -> Counter.builder("parallax.collector.requests")
                .description("HTTP requests answered, by path and status")
                .tag("path", path).tag("status", String.valueOf(status)).register(registry));
    }

    @Override
    public String description() {
        return "counts requests by path and status";
    }
}
