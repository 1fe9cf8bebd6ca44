package dev.parallax.collector;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.parallax.limits.AddressTurns;
import java.io.IOException;
import java.net.InetAddress;

/**
 * At most so many requests handled at once per client address ({@link AddressTurns}); the address's further
 * requests wait their turn (a parked virtual thread each) before their body is read or any of the in-flight
 * budget is reserved, and are answered 429 if no turn comes in time. One address sending slowly or flooding thus
 * delays only itself: a burst of many small requests is still served, in turns, as a fixed pool of workers used
 * to serve it. The JDK server offers no hook at accept time, so a connection counts once its request head is in;
 * before that it costs a parked virtual thread and is closed by the request timeout (see {@link ServerTimeouts}).
 */
final class PerClientLimit extends Filter {

    private final AddressTurns turns;

    PerClientLimit(AddressTurns turns) {
        this.turns = turns;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        InetAddress client = exchange.getRemoteAddress().getAddress();
        boolean served;
        try {
            served = turns.inTurn(client, () -> chain.doFilter(exchange));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        if (served) return;
        try (exchange) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.getResponseHeaders().set("Connection", "close");
            Responses.error(exchange, 429, "more than " + turns.max() + " requests at once from "
                    + client.getHostAddress() + " for " + turns.waitLimit().toSeconds() + " s; retry after 1 s");
        }
    }

    @Override
    public String description() {
        return "at most " + turns.max() + " requests at once per client address";
    }
}
