package dev.parallax.metrics;

import dev.parallax.config.ParallaxConfig;
import java.util.Locale;

/**
 * The services that expose {@code /metrics}, each on its own port: {@code <service>.metrics.port} (the defaults
 * below; 0 picks a free one), bound to {@code <service>.metrics.bind} or else the address the service binds its
 * other ports to. One list, so that the launcher prints every URL and no two services share a default.
 */
public enum MetricsService {
    COLLECTOR(9401),
    SINK(9402),
    ANALYTICS(9403),
    FLINK(9404),
    UI(9405),
    INSIGHTS(9406);

    private final int defaultPort;

    MetricsService(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The key of the port setting, e.g. {@code sink.metrics.port}. */
    public String portKey() {
        return key() + ".metrics.port";
    }

    public int port(ParallaxConfig config) {
        return config.getInt(portKey(), defaultPort);
    }

    /** Where the endpoint listens: its own setting, else {@code serviceBind}, the address of the service's other ports. */
    public String bind(ParallaxConfig config, String serviceBind) {
        return config.get(key() + ".metrics.bind", serviceBind);
    }

    /** The name in configuration keys, e.g. {@code sink}. */
    private String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
