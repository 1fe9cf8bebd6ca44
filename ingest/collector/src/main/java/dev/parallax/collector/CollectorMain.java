package dev.parallax.collector;

import dev.parallax.config.ParallaxConfig;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the collector until SIGTERM ({@code CollectorMain}), or issues a token: {@code issue-token <device_id>} for a
 * device, {@code issue-ci-token <name>} for a CI pipeline (appends its hash to the tokens file and prints the token
 * once). Settings: see {@link CollectorSettings}.
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
        if (args.length == 2 && args[0].equals("issue-ci-token")) {
            System.out.println(DeviceTokens.issueCi(settings.tokensFile(), args[1]));
            return;
        }
        if (args.length != 0) {
            System.err.println("usage: CollectorMain [issue-token <device_id> | issue-ci-token <name>]");
            System.exit(2);
        }
        CollectorServer collector = CollectorServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            collector.close();
            stopped.countDown();
        }, "collector-shutdown"));
        System.out.println("collector ready at http://" + settings.bind() + ":" + collector.port()
                + " (Kafka " + settings.kafka() + ", device tokens in " + settings.tokensFile()
                + (settings.fixedTokens().isEmpty() ? "" : ", configured tokens for " + String.join(", ", new TreeSet<>(settings.fixedTokens().values()))) + ")");
        stopped.await();
    }
}
