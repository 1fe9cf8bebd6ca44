package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a running statement when its time is up or its client has gone, so that the engine connection it holds
 * is free again at once rather than when the statement would have finished.
 */
final class Cancellation {

    private static final Logger log = LoggerFactory.getLogger(Cancellation.class);

    private final Engine engine;
    private final Engine.Lease lease;
    private volatile boolean timedOut;

    Cancellation(Engine engine, Engine.Lease lease) {
        this.engine = engine;
        this.lease = lease;
    }

    /** The statement ran past the front's max execution time (it may have raised its own). */
    void timeUp() {
        timedOut = true;
        cancel("ran past the max execution time");
    }

    /** Nobody is waiting for the answer any more. */
    void clientGone() {
        cancel("lost its client");
    }

    boolean timedOut() {
        return timedOut;
    }

    /**
     * On a platform thread of its own: the caller may be the timer that serves every deadline of the front, and an
     * engine call would pin a virtual thread to its carrier.
     */
    private void cancel(String why) {
        Thread.ofPlatform().name("clickhouse-cancel").daemon().start(() -> {
            log.info("cancelling a statement: it {}", why);
            try {
                engine.cancel(lease);
            } catch (RuntimeException e) {
                log.warn("cancelling a statement that {} failed: {}", why, e.toString());
            }
        });
    }
}
