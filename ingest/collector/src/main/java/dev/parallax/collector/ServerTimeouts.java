package dev.parallax.collector;

import java.time.Duration;

/**
 * The JDK HTTP server's time and size limits, and its socket option. It reads them once per JVM, from system
 * properties, when the first server is created: they must be set before the collector's own server, or its metrics
 * endpoint's, is made (unless the JVM was started with them, which wins). Without them the server waits forever for
 * a request that was never completely sent.
 */
final class ServerTimeouts {

    private ServerTimeouts() {
    }

    static void apply(CollectorSettings settings) {
        // The server writes headers and body separately; with Nagle's algorithm and the client's delayed ACK every
        // response would stall ~40 ms.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // A whole request (headers and body) must arrive within this time.
        setIfAbsent("sun.net.httpserver.maxReqTime", seconds(settings.requestTimeout()));
        // The answer (waiting for Kafka's acknowledgement included) must be taken by the client within this time.
        setIfAbsent("sun.net.httpserver.maxRspTime", seconds(settings.requestTimeout().plus(settings.kafkaTimeout())));
        // A connection with no request in progress (kept alive, or opened and never used) is closed after this.
        setIfAbsent("sun.net.httpserver.idleInterval", seconds(settings.idleTimeout()));
        // How often idle connections are looked for (default 10 s would stretch a 2 s idle timeout to 12 s).
        setIfAbsent("sun.net.httpserver.clockTick", "1000");
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", String.valueOf(32 * 1024));
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "64");
        // Bounds sockets (file descriptors) held at once by all clients together.
        setIfAbsent("jdk.httpserver.maxConnections", String.valueOf(settings.maxConnections()));
    }

    private static String seconds(Duration duration) {
        return String.valueOf(Math.max(1, (duration.toMillis() + 999) / 1000));
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) System.setProperty(property, value);
    }
}
