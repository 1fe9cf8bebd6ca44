package dev.parallax.limits;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code max} requests handled at once per client address: one address sending slowly or flooding
 * delays only itself, while every other address keeps its own turns. A request past the limit waits for a turn
 * up to {@code wait}, then is refused (the server answers 429). Addresses are forgotten when their last request
 * is done, so memory follows the addresses active at once, not all ever seen.
 */
public final class AddressTurns {

    private final int max;
    private final Duration wait;
    private final ConcurrentHashMap<InetAddress, Turns> clients = new ConcurrentHashMap<>();

    public AddressTurns(int max, Duration wait) {
        if (max < 1) throw new IllegalArgumentException("at least one request per address: " + max);
        this.max = max;
        this.wait = wait;
    }

    public int max() {
        return max;
    }

    public Duration waitLimit() {
        return wait;
    }

    /**
     * Runs {@code request} in a turn of {@code client}'s; returns false, without running it, when no turn came
     * within the wait.
     */
    public <E extends Exception> boolean inTurn(InetAddress client, Request<E> request) throws E, InterruptedException {
        Turns turns = clients.compute(client, (address, existing) -> (existing == null ? new Turns(max) : existing).join());
        try {
            if (!turns.permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) return false;
            try {
                request.run();
                return true;
            } finally {
                turns.permits.release();
            }
        } finally {
            clients.computeIfPresent(client, (address, existing) -> existing.leave());
        }
    }

    /** Addresses with a request held or waiting. */
    public int activeAddresses() {
        return clients.size();
    }

    /** The work of one request, which may fail with {@code E}. */
    @FunctionalInterface
    public interface Request<E extends Exception> {
        void run() throws E;
    }

    /** One address's turns, and how many of its requests hold or wait for one (guarded by the map's compute). */
    private static final class Turns {

        final Semaphore permits;
        private int requests;

        Turns(int max) {
            this.permits = new Semaphore(max, true);
        }

        Turns join() {
            requests++;
            return this;
        }

        /** This, or null to forget the address when its last request is done. */
        Turns leave() {
            return --requests == 0 ? null : this;
        }
    }
}
