package dev.parallax.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.parallax.codec.DecodeResult;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.ReasonClass;
import dev.parallax.contract.Topics;
import dev.parallax.metrics.PipelineMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * {@code POST /v1/<kind>}: a batch of JSON events from one authenticated device or CI pipeline. Every event is
 * validated on its own; valid ones go to their input topic (Avro single-object encoding, keyed like the SDK's),
 * invalid ones to the dead-letter topic with their reason and raw bytes (truncated, with size and hash, when too
 * big for a dead letter: see {@link DeadLetter#limitedTo}). The answer (200) comes once Kafka has acknowledged all
 * of them, with one result per event in request order; if Kafka cannot take them in time the answer is 503 and the
 * client sends the batch again (event ids make the repeat harmless). A device token writing to a run that another
 * token started is refused as a whole (403, see {@link RunOwners}).
 */
final class IngestHandler<T extends SpecificRecord> implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventRoute<T> route;
    private final DeviceTokens tokens;
    private final InFlightBudget budget;
    private final Producer<String, byte[]> producer;
    private final CollectorSettings settings;
    private final RunOwners runOwners;
    private final PipelineMetrics metrics;

    IngestHandler(EventRoute<T> route, DeviceTokens tokens, RunOwners runOwners, InFlightBudget budget,
                  Producer<String, byte[]> producer, CollectorSettings settings, PipelineMetrics metrics) {
        this.route = route;
        this.tokens = tokens;
        this.runOwners = runOwners;
        this.budget = budget;
        this.producer = producer;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * How much of an oversized body an authenticated caller may send, in body limits, and still read why it was
     * refused; beyond it the connection is cut. An unauthenticated or turned-away caller gets one body limit.
     */
    private static final int OVERSIZE_DRAIN_LIMITS = 16;

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                Responses.error(exchange, 405, "use POST");
                return;
            }
            Optional<Caller> caller = tokens.authenticate(bearer(exchange));
            if (caller.isEmpty()) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"parallax\"");
                turnAway(exchange, 401, "missing or unknown device token (Authorization: Bearer <token>)", 1);
                return;
            }
            long declared = contentLength(exchange);
            if (declared > settings.maxRequestBytes()) {
                turnAway(exchange, 413, RequestBody.tooLarge(settings.maxRequestBytes()), OVERSIZE_DRAIN_LIMITS);
                return;
            }
            long reserved = declared >= 0 ? declared : settings.maxRequestBytes();
            if (!budget.tryAcquire(reserved)) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                turnAway(exchange, 429, "collector is busy; retry after 1 s", 1);
                return;
            }
            try {
                ingest(exchange, caller.get());
            } finally {
                budget.release(reserved);
            }
        }
    }

    private void ingest(HttpExchange exchange, Caller caller) throws IOException {
        RequestBody body;
        try {
            body = RequestBody.read(exchange.getRequestBody(), exchange.getRequestHeaders().getFirst("Content-Encoding"),
                    settings.maxRequestBytes());
        } catch (RequestBody.Refused e) {
            turnAway(exchange, e.status, e.getMessage(), OVERSIZE_DRAIN_LIMITS);
            return;
        }
        // The budget holds the bytes as sent; an inflated gzip body needs its own share on top of them.
        long inflated = body.inflated() ? body.bytes().length : 0;
        if (!budget.tryAcquire(inflated)) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            Responses.error(exchange, 429, "collector is busy; retry after 1 s");
            return;
        }
        try {
            ingest(exchange, caller, body.bytes());
        } finally {
            budget.release(inflated);
        }
    }

    private void ingest(HttpExchange exchange, Caller caller, byte[] body) throws IOException {
        List<byte[]> raws;
        try {
            raws = BatchBody.split(body);
        } catch (BatchBody.MalformedBatchException e) {
            Responses.error(exchange, 400, e.getMessage());
            return;
        }
        if (raws.size() > settings.maxEvents()) {
            Responses.error(exchange, 413, "%d events in one request; at most %d allowed".formatted(raws.size(), settings.maxEvents()));
            return;
        }
        metrics.eventsIn(route.topic(), raws.size());
        List<T> events = new ArrayList<>(raws.size());
        List<String> reasons = new ArrayList<>(raws.size());
        for (byte[] raw : raws) {
            switch (route.codec().decode(raw)) {
                case DecodeResult.Accepted<T>(T event) -> {
                    String refusal = deviceMismatch(event, caller);
                    events.add(refusal == null ? event : null);
                    reasons.add(refusal);
                }
                case DecodeResult.Rejected<T>(String why) -> {
                    events.add(null);
                    reasons.add(why);
                }
            }
        }
        String foreignRun = claimRuns(events, caller);
        if (foreignRun != null) {
            Responses.error(exchange, 403, foreignRun);
            return;
        }
        long receivedAt = System.currentTimeMillis();
        String requestId = UUID.randomUUID().toString();
        ArrayNode results = JSON.createArrayNode();
        List<Future<RecordMetadata>> acks = new ArrayList<>(raws.size());
        int accepted = 0;
        try {
            for (int i = 0; i < raws.size(); i++) {
                ObjectNode result = results.addObject().put("index", i);
                T event = events.get(i);
                if (event != null) {
                    acks.add(producer.send(new ProducerRecord<>(route.topic(), route.key().apply(event), route.codec().encodeAvro(event))));
                    result.put("event_id", route.eventId().apply(event)).put("status", "accepted");
                    accepted++;
                } else {
                    result.put("status", "rejected").put("reason", reasons.get(i));
                    DeadLetter letter = new DeadLetter("collector/" + requestId + "/" + i, receivedAt,
                            "collector/" + caller.identity(), route.topic(), null, null, reasons.get(i), raws.get(i))
                            .limitedTo(DeadLetter.MAX_JSON_BYTES);
                    acks.add(producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, letter.deadLetterId(), letter.toJson())));
                }
            }
            awaitAll(acks);
            counted(accepted, reasons);
        } catch (KafkaException | ExecutionException | TimeoutException e) {
            exchange.getResponseHeaders().set("Retry-After", "5");
            Responses.error(exchange, 503, "Kafka did not acknowledge the batch (" + e.getMessage() + "); send it again");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Responses.error(exchange, 503, "collector is shutting down");
            return;
        }
        ObjectNode response = JSON.createObjectNode().put("accepted", accepted).put("rejected", raws.size() - accepted);
        response.set("results", results);
        Responses.json(exchange, 200, JSON.writeValueAsBytes(response));
    }

    /** Counts what Kafka acknowledged: the accepted events and the dead letters, by the class of their reason. */
    private void counted(int accepted, List<String> reasons) {
        metrics.eventsOut(route.topic(), accepted);
        metrics.eventsOut(Topics.DEAD_LETTER, reasons.size() - accepted);
        for (String reason : reasons) {
            if (reason != null) metrics.deadLetter(route.topic(), ReasonClass.of(reason).label());
        }
    }

    /** Null when the caller may send this event for the device it names, else why not. CI tokens send for any. */
    private String deviceMismatch(T event, Caller caller) {
        if (caller.ci()) return null;
        return route.device().apply(event)
                .filter(claimed -> !claimed.equals(caller.name()))
                .map(claimed -> "device_id '" + claimed + "' does not match the device of the token ('" + caller.name() + "')")
                .orElse(null);
    }

    /**
     * Null when the caller may write to every run the accepted events name (claiming the new ones), else why the
     * whole request is refused: a device token may not write a run that another token started.
     */
    private String claimRuns(List<T> events, Caller caller) {
        List<String> runs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            T event = events.get(i);
            if (event == null) continue;
            Optional<String> run = route.run().apply(event);
            if (run.isPresent()) {
                runs.add(run.get());
                positions.add(i);
            }
        }
        int conflict = runOwners.claim(runs, caller);
        if (conflict < 0) return null;
        return ("event %d: run '%s' was started by another token; only the device that started it, or a CI token, may "
                + "write its events. Nothing in this request was written.").formatted(positions.get(conflict), runs.get(conflict));
    }

    private void awaitAll(List<Future<RecordMetadata>> acks) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + settings.kafkaTimeout().toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return header.substring(7);
    }

    private static long contentLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Answers a request without keeping its body: the body is read first and dropped through a small buffer
     * (up to the request limit; a longer chunked body closes the connection), because closing the connection
     * with it unread resets it, and the client may lose the answer before reading it.
     */
    /**
     * Answers after discarding what is left of the request body, up to {@code drainLimits} body limits: a connection
     * closed with its request unread is reset, and the client may lose the answer before reading it, seeing
     * "connection reset" instead of why it was refused.
     */
    private void turnAway(HttpExchange exchange, int status, String message, int drainLimits) throws IOException {
        InputStream body = exchange.getRequestBody();
        byte[] buffer = new byte[8192];
        long drainLimit = (long) drainLimits * settings.maxRequestBytes();
        long read = 0;
        int n;
        while (read <= drainLimit && (n = body.read(buffer)) >= 0) read += n;
        Responses.error(exchange, status, message);
    }
}
