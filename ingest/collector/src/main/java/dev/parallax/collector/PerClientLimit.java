package dev.parallax.collector;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code max} requests handled at once per client address; the address's further requests wait their
 * turn (a parked virtual thread each) before their body is read or any of the in-flight budget is reserved, and
 * are answered 429 if no turn comes within {@code wait}. One address sending slowly or flooding thus delays only
 * itself: a burst of many small requests is still served, in turns, as a fixed pool of workers used to serve it.
 * The JDK server offers no hook at accept time, so a connection counts once its request head is in; before that
 * it costs a parked virtual thread and is closed by the request timeout (see {@link ServerTimeouts}).
 */
final class PerClientLimit extends Filter {

    private final int max;
    private final Duration wait;
    private final ConcurrentHashMap<InetAddress, Turns> clients = new ConcurrentHashMap<>();

    PerClientLimit(int max, Duration wait) {
        this.max = max;
        this.wait = wait;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        InetAddress client = exchange.getRemoteAddress().getAddress();
        Turns turns = clients.compute(client, (address, existing) -> (existing == null ? new Turns(max) : existing).join());
        try {
            if (!turns.permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                try (exchange) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    exchange.getResponseHeaders().set("Connection", "close");
                    Responses.error(exchange, 429, "more than " + max + " requests at once from "
                            + client.getHostAddress() + " for " + wait.toSeconds() + " s; retry after 1 s");
                }
                return;
            }
            try {
                chain.doFilter(exchange);
            } finally {
                turns.permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } finally {
            clients.computeIfPresent(client, (address, existing) -> existing.leave());
        }
    }

    @Override
    public String description() {
        return "at most " + max + " requests at once per client address";
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
