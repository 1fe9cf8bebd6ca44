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
 *
 * <p>Each time the replica is given the lease anew, the cycle first runs the work's take-over step (for alerts:
 * fence the previous holder's writes and read what it wrote), so that work kept from an earlier term does not act
 * on state another replica has moved on since. A take-over that fails is tried again before the next run.
 */
public final class LeasedCycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeasedCycle.class);

    private final ScheduledExecutorService timer;

    private LeasedCycle(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts running {@code work} every {@code interval} (from the end of one run to the next) while held. */
    public static LeasedCycle every(Duration interval, GroupLease lease, String name, Runnable work) {
        return every(interval, lease, name, () -> { }, work);
    }

    /**
     * Starts running {@code work} every {@code interval} while held, with {@code takeOver} before the first run of
     * each term of the lease.
     */
    public static LeasedCycle every(Duration interval, GroupLease lease, String name, Runnable takeOver,
                                    Runnable work) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(name).daemon().factory());
        long[] caughtUp = {0}; // the term whose take-over has run; touched by the timer's one thread only
        timer.scheduleWithFixedDelay(() -> {
            if (!lease.isHeld()) return;
            try {
                long term = lease.term();
                if (term != caughtUp[0]) {
                    takeOver.run();
                    caughtUp[0] = term;
                }
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
