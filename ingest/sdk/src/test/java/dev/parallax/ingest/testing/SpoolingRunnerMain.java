package dev.parallax.ingest.testing;

import dev.parallax.ingest.EventPublisher;
import dev.parallax.ingest.spool.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A test runner in its own JVM, for tests that kill it.
 *
 * <p>{@code publish <bootstrap> <spoolDir> <series> <count>}: publishes, prints {@code published <count>}, then
 * waits to be killed. {@code drain <bootstrap> <spoolDir>}: opens the publisher on the spool, waits until it is
 * replayed, prints the counters and exits.
 */
public final class SpoolingRunnerMain {

    private SpoolingRunnerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(args[1])
                .spoolDir(Path.of(args[2]))
                .fsync(FsyncPolicy.never()) // SIGKILL must not lose what the OS already has
                .build();
        switch (args[0]) {
            case "publish" -> {
                int count = Integer.parseInt(args[4]);
                for (int i = 0; i < count; i++) {
                    publisher.publish(TestEvents.inference(args[3], i, "pi5-" + i % 5));
                }
                System.out.println("published " + count + " " + publisher.counters());
                Thread.sleep(Duration.ofMinutes(10)); // until killed
            }
            case "drain" -> {
                boolean drained = publisher.flush(Duration.ofSeconds(60));
                System.out.println((drained ? "drained " : "NOT drained ") + publisher.counters());
                publisher.close();
                System.exit(drained ? 0 : 1);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
