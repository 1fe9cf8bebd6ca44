package dev.parallax.clickhouse.http;

import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response on a client's connection: what {@link QueryHandler} sees of HTTP. Reading the body
 * and writing the response run under the body timeout; nothing here holds an engine connection.
 */
final class FrontExchange {

    /** How long a statement runs before the front starts looking for a client that went away, and how often. */
    private static final int WATCH_AFTER_MILLIS = 1000;
    private static final int WATCH_EVERY_MILLIS = 250;

    private final RequestHead head;
    private final SocketInput in;
    private final OutputStream out;
    private final RequestBody body;
    private final FrontLimits limits;
    private final Deadlines deadlines;
    private final Runnable abort;
    private final Headers responseHeaders = new Headers();
    private final Deadlines.Deadline bodyDeadline;
    private boolean responseStarted;
    private boolean closeAfter;

    FrontExchange(RequestHead head, SocketInput in, OutputStream out, FrontLimits limits, Deadlines deadlines,
                  Runnable abort) {
        this.head = head;
        this.in = in;
        this.out = out;
        this.limits = limits;
        this.deadlines = deadlines;
        this.abort = abort;
        this.body = new RequestBody(in, head.contentLength(), head.expectContinue() ? this::sendContinue : null);
        this.bodyDeadline = body.finished() ? null : deadlines.after(limits.bodyTimeout(), abort);
    }

    String method() {
        return head.method();
    }

    String path() {
        return head.path();
    }

    String rawQuery() {
        return head.rawQuery();
    }

    Headers requestHeaders() {
        return head.headers();
    }

    InputStream requestBody() {
        return body;
    }

    Headers responseHeaders() {
        return responseHeaders;
    }

    /** The connection closes after this response (e.g. the rest of a refused body is not worth reading). */
    void closeAfterResponse() {
        closeAfter = true;
    }

    /** Sends the status line and headers; the returned stream takes exactly {@code length} bytes of body. */
    OutputStream sendResponseHeaders(int status, long length) throws IOException {
        if (responseStarted) throw new IllegalStateException("response already started");
        responseStarted = true;
        StringBuilder text = new StringBuilder(256);
        text.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            for (String value : header.getValue()) {
                text.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        text.append("Content-Length: ").append(length).append("\r\n");
        if (keepAlive()) {
            text.append("Connection: keep-alive\r\nKeep-Alive: timeout=")
                    .append(Math.max(1, limits.idleTimeout().toSeconds())).append("\r\n");
        } else {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        OutputStream response = new DeadlineOutput();
        response.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (length == 0) response.flush();
        return response;
    }

    void sendText(int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        responseHeaders.set("Content-Type", "text/plain; charset=UTF-8");
        try (OutputStream response = sendResponseHeaders(status, bytes.length)) {
            response.write(bytes);
        }
    }

    /**
     * Watches, while a statement runs, for the client to go away, and then calls {@code onGone} once. Short
     * statements are not watched at all; closing the watch waits at most one look at the socket.
     */
    ClientWatch watchClient(Runnable onGone) {
        CountDownLatch done = new CountDownLatch(1);
        Thread watcher = Thread.ofVirtual().name("clickhouse-http-watch").start(() -> {
            try {
                if (done.await(WATCH_AFTER_MILLIS, TimeUnit.MILLISECONDS)) return;
                while (done.getCount() > 0) {
                    switch (in.look(WATCH_EVERY_MILLIS)) {
                        case GONE -> {
                            onGone.run();
                            return;
                        }
                        case SENT_MORE -> {
                            return; // a next request already: the client is still there
                        }
                        case QUIET -> { }
                    }
                }
            } catch (IOException e) {
                onGone.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return () -> {
            done.countDown();
            watcher.join();
        };
    }

    /** Ends a {@link #watchClient} watch. */
    interface ClientWatch extends AutoCloseable {
        @Override
        void close() throws InterruptedException;
    }

    /**
     * Ends the exchange after the handler: skips what is left of the body when that is reasonable.
     *
     * @return whether the connection can take another request
     */
    boolean finish() throws IOException {
        try {
            boolean bodyDone = body.finished() || body.skipRest(limits.maxInsertBytes() + limits.maxQueryBytes());
            return bodyDone && keepAlive() && responseStarted;
        } finally {
            if (bodyDeadline != null) bodyDeadline.close();
        }
    }

    /** The handler failed half-way: the connection is closing, nothing is left to wait for. */
    void abandon() {
        if (bodyDeadline != null) bodyDeadline.close();
    }

    boolean responseStarted() {
        return responseStarted;
    }

    private boolean keepAlive() {
        return head.keepAlive() && !closeAfter;
    }

    private void sendContinue() throws IOException {
        if (responseStarted) return;
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The response body: each write must get through within the body timeout, or the connection is closed. */
    private final class DeadlineOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try (Deadlines.Deadline ignored = deadlines.after(limits.bodyTimeout(), abort)) {
                out.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            try (Deadlines.Deadline ignored = deadlines.after(limits.bodyTimeout(), abort)) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
