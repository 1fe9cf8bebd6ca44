package dev.parallax.collector;

import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.Readiness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The collector in a JVM of its own against a real broker, as the launcher runs it, with a demo device token. */
final class CollectorJvm {

    private CollectorJvm() {
    }

    /** The collector's process, to be given any further settings and started. */
    static JvmProcess.Builder builder(Path home, EmbeddedKafkaBroker broker, int port, String token) {
        return JvmProcess.builder(CollectorMain.class.getName())
                .env("PARALLAX_HOME", home.toString())
                .env("PARALLAX_KAFKA_BOOTSTRAP", broker.bootstrapServers())
                .env("PARALLAX_COLLECTOR_PORT", String.valueOf(port))
                .env("PARALLAX_COLLECTOR_METRICS_PORT", "0")
                .env("PARALLAX_COLLECTOR_DEMO_TOKEN", token)
                .env("PARALLAX_COLLECTOR_DEMO_DEVICE", "pi5-07")
                .logFile(home.resolve("collector.log"));
    }

    static HttpResponse<Void> health(HttpClient http, int port) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Waits until /health answers 200. */
    static void awaitHealthy(HttpClient http, int port) {
        Readiness.await("collector", Duration.ofSeconds(30), () -> health(http, port).statusCode() == 200);
    }
}
