package dev.parallax.collector;

import dev.parallax.config.ParallaxConfig;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the collector until SIGTERM ({@code CollectorMain}), or issues a device token
 * ({@code CollectorMain issue-token <device_id>}: appends its hash to the tokens file and prints the token once).
 * Settings: see {@link CollectorSettings}.
 */
public final class CollectorMain {

    private CollectorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        CollectorSettings settings = CollectorSettings.from(ParallaxConfig.load());
        if (args.length == 2 && args[0].equals("issue-token")) {
            System.out.println(DeviceTokens.issue(settings.tokensFile(), args[1]));
            return;
        }
        if (args.length != 0) {
            System.err.println("usage: CollectorMain [issue-token <device_id>]");
            System.exit(2);
        }
        CollectorServer collector = CollectorServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            collector.close();
            stopped.countDown();
        }, "collector-shutdown"));
        System.out.println("collector ready at http://" + settings.bind() + ":" + collector.port()
                + " (Kafka " + settings.kafkaBootstrap() + ", device tokens in " + settings.tokensFile()
                + (settings.fixedTokens().isEmpty() ? "" : ", demo device " + settings.fixedTokens().values().iterator().next()) + ")");
        stopped.await();
    }
}
