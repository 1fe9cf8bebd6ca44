package dev.parallax.clickhouse.http;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread for every deadline of the front. A client that stops sending or reading mid-request blocks its
 * own thread in a socket call that no timeout option covers as a whole (a byte every few seconds resets a read
 * timeout forever), so a deadline here closes the socket instead, which ends any call blocked on it.
 */
final class Deadlines implements AutoCloseable {

    /** A pending action; cancelling it after it ran is harmless. */
    interface Deadline extends AutoCloseable {
        @Override
        void close();
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clickhouse-http-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code action} after {@code delay} unless the returned deadline is closed first. */
    Deadline after(Duration delay, Runnable action) {
        ScheduledFuture<?> future = timer.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
