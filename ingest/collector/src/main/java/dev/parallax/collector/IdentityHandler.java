package dev.parallax.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /v1/identity}: whom the bearer token stands for ({@code {"ci": false, "device_id": "pi5-07"}} or
 * {@code {"ci": true, "name": "nightly"}}), so that a runner given only its token can name its device.
 */
final class IdentityHandler implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeviceTokens tokens;

    IdentityHandler(DeviceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                Responses.error(exchange, 405, "use GET");
                return;
            }
            Optional<Caller> caller = tokens.authenticate(IngestHandler.bearer(exchange));
            if (caller.isEmpty()) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"parallax\"");
                Responses.error(exchange, 401, "missing or unknown device token (Authorization: Bearer <token>)");
                return;
            }
            ObjectNode identity = JSON.createObjectNode().put("ci", caller.get().ci())
                    .put(caller.get().ci() ? "name" : "device_id", caller.get().name());
            Responses.json(exchange, 200, JSON.writeValueAsBytes(identity));
        }
    }
}
