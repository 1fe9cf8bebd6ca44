package dev.parallax.simulator;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.ingest.EventPublisher;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a simulated fleet in real time and publishes its events to Kafka through the runner SDK.
 *
 * <pre>
 * FleetSimulatorMain [--rate 100] [--devices 12] [--duration 10m|forever] [--seed 42]
 *                    [--flip-rate 0.005] [--passive-share 0.3] [--clock-offset 0|10m|-5m]
 * </pre>
 * Kafka and the spool come from {@link ParallaxConfig} ({@code kafka.bootstrap}, {@code kafka.client.*}; spool
 * {@code $PARALLAX_HOME/spool/simulator}). {@code --duration forever} (the demo) runs until SIGTERM.
 * {@code --clock-offset} plays a fleet whose clocks are wrong: event times are that far ahead (or behind, when
 * negative) of when the events are sent, e.g. a second simulator 10 minutes ahead beside a correct one.
 */
public final class FleetSimulatorMain {

    private FleetSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        FleetSimulator.Builder fleet = FleetSimulator.builder();
        Duration duration = Duration.ofMinutes(10);
        int devices = 12;
        double rate = 100;
        Duration clockOffset = Duration.ZERO;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : usage("missing value for " + args[i]);
            try {
                switch (args[i++]) {
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--devices" -> devices = Integer.parseInt(value);
                    case "--duration" -> duration = value.equals("forever") ? Duration.ofDays(365_000)
                            : parseDuration(value);
                    case "--seed" -> fleet.seed(Long.parseLong(value));
                    case "--flip-rate" -> fleet.flipRate(Double.parseDouble(value));
                    case "--passive-share" -> fleet.passiveShare(Double.parseDouble(value));
                    case "--clock-offset" -> clockOffset = parseDuration(value);
                    default -> usage("unknown option " + args[i - 1]);
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                usage("bad value for " + args[i - 1] + ": " + value);
            }
        }
        FleetSimulator simulator = fleet.rate(rate).devices(devices).clockOffset(clockOffset).build();
        EventPublisher publisher = EventPublisher.fromConfig(ParallaxConfig.load(), "simulator");
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulator-shutdown"));

        System.out.printf("simulating %d devices at %.0f inferences/s for %s%s%n", devices, rate,
                duration.toDays() > 3650 ? "ever" : duration, clockOffset.isZero() ? ""
                        : ", device clocks " + clockOffset.abs().toString().substring(2).toLowerCase(Locale.ROOT)
                        + (clockOffset.isNegative() ? " behind" : " ahead"));
        Thread reporter = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                try {
                    Thread.sleep(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("simulator: " + publisher.counters());
            }
        });
        try {
            simulator.run(publisher, duration, true, running::get);
        } finally {
            reporter.interrupt();
            publisher.close();
            System.out.println("simulator stopped: " + publisher.counters());
            finished.countDown();
        }
    }

    /** {@code 90s}, {@code 10m}, {@code 2h} (negative too: {@code -5m}), {@code 0} or an ISO-8601 duration. */
    static Duration parseDuration(String text) {
        if (text.equals("0")) return Duration.ZERO;
        char unit = text.charAt(text.length() - 1);
        String number = text.substring(0, text.length() - 1);
        return switch (unit) {
            case 's' -> Duration.ofSeconds(Long.parseLong(number));
            case 'm' -> Duration.ofMinutes(Long.parseLong(number));
            case 'h' -> Duration.ofHours(Long.parseLong(number));
            default -> Duration.parse(text);
        };
    }

    private static String usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: FleetSimulatorMain [--rate N] [--devices N] [--duration 90s|10m|2h|forever]"
                + " [--seed N] [--flip-rate 0.005] [--passive-share 0.3] [--clock-offset 10m|-5m|90s|2h (default 0)]");
        System.err.println("  --clock-offset: stamp every event that far ahead of (negative: behind) the time it is"
                + " sent, like a device whose clock is wrong");
        System.exit(2);
        return null;
    }
}
