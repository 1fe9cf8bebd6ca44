package dev.parallax.insights;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work done once per interval across the replicas of a service (alert evaluation and its webhook, placement): each
 * replica runs a cycle, and a cycle does the work only in the replica holding the {@link GroupLease}. A failed run
 * is logged and the next one comes at its time.
 */
public final class LeasedCycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeasedCycle.class);

    private final ScheduledExecutorService timer;

    private LeasedCycle(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts running {@code work} every {@code interval} (from the end of one run to the next) while held. */
    public static LeasedCycle every(Duration interval, GroupLease lease, String name, Runnable work) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(name).daemon().factory());
        timer.scheduleWithFixedDelay(() -> {
            if (!lease.isHeld()) return;
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed (again in {}): {}", name, interval, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new LeasedCycle(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
