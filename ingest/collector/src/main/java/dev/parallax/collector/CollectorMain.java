package dev.parallax.collector;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.metrics.MetricsService;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the collector until SIGTERM ({@code CollectorMain}), or issues a token: {@code issue-token <device_id>} for a
 * device, {@code issue-ci-token <name>} for a CI pipeline (appends its hash to the tokens file and prints the token
 * once). Settings: see {@link CollectorSettings}; its metrics are at {@code collector.metrics.port} (9401), on the
 * collector's own address unless {@code collector.metrics.bind} says otherwise.
 */
public final class CollectorMain {

    private CollectorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParallaxConfig config = ParallaxConfig.load();
        CollectorSettings settings = CollectorSettings.from(config);
        if (args.length == 2 && args[0].equals("issue-token")) {
            System.out.println(DeviceTokens.issue(settings.tokensFile(), args[1]));
            return;
        }
        if (args.length == 2 && args[0].equals("issue-ci-token")) {
            System.out.println(DeviceTokens.issueCi(settings.tokensFile(), args[1]));
            return;
        }
        if (args.length != 0) {
            System.err.println("usage: CollectorMain [issue-token <device_id> | issue-ci-token <name>]");
            System.exit(2);
        }
        ServerTimeouts.apply(settings); // before the metrics endpoint, the first JDK server of this JVM, reads them
        MetricsEndpoint metrics = MetricsEndpoint.start(config, MetricsService.COLLECTOR, settings.bind());
        CollectorServer collector = CollectorServer.start(settings, metrics.registry());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            collector.close();
            metrics.close();
            stopped.countDown();
        }, "collector-shutdown"));
        System.out.println("collector ready at http://" + settings.bind() + ":" + collector.port()
                + " (metrics at " + metrics.url() + ", Kafka " + settings.kafka() + ", device tokens in " + settings.tokensFile()
                + (settings.fixedTokens().isEmpty() ? "" : ", configured tokens for " + String.join(", ", new TreeSet<>(settings.fixedTokens().values()))) + ")");
        stopped.await();
    }
}
