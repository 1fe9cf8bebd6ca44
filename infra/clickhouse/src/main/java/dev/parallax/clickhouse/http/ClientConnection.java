package dev.parallax.clickhouse.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One client connection, on its own virtual thread: requests one after another (HTTP/1.1 keep-alive) until the
 * client closes, a deadline passes or the front stops. A client that sends nothing, or half a request, costs this
 * thread and a socket, never an engine connection or a platform thread.
 */
final class ClientConnection implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final Socket socket;
    private final FrontLimits limits;
    private final Deadlines deadlines;
    private final QueryHandler handler;
    private final Runnable onClose;
    /** Waiting for a request (true) or serving one (false); a stopping front closes waiting connections at once. */
    private volatile boolean waiting = true;
    private volatile boolean stopping;

    ClientConnection(Socket socket, FrontLimits limits, Deadlines deadlines, QueryHandler handler, Runnable onClose) {
        this.socket = socket;
        this.limits = limits;
        this.deadlines = deadlines;
        this.handler = handler;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setTcpNoDelay(true);
            SocketInput in = new SocketInput(socket);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            boolean first = true;
            while (!stopping) {
                waiting = true;
                // A new connection gets the header timeout to start its request, a kept-alive one the idle timeout.
                try (Deadlines.Deadline ignored = deadlines.after(first ? limits.headerTimeout() : limits.idleTimeout(),
                        this::abort)) {
                    if (!in.await()) return;
                }
                waiting = false;
                first = false;
                RequestHead head;
                try (Deadlines.Deadline ignored = deadlines.after(limits.headerTimeout(), this::abort)) {
                    head = RequestHead.read(in, limits.maxHeaderBytes());
                } catch (RequestHead.Malformed e) {
                    refuse(out, e.status, 0, e.getMessage());
                    return;
                }
                if (head == null) return;
                FrontExchange exchange = new FrontExchange(head, in, out, limits, deadlines, this::abort);
                if (stopping) exchange.closeAfterResponse();
                try {
                    handler.handle(exchange);
                } catch (IOException | RuntimeException e) {
                    exchange.abandon();
                    throw e;
                }
                if (!exchange.finish()) return;
            }
        } catch (IOException e) {
            log.debug("connection from {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (RuntimeException e) {
            log.warn("connection from {} failed: {}", socket.getRemoteSocketAddress(), e.toString(), e);
        } finally {
            onClose.run();
        }
    }

    /** Stops after the request in progress; a connection waiting for one closes now. */
    void stop() {
        stopping = true;
        if (waiting) abort();
    }

    void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * A plain answer for a request that never reaches the handler, then the connection closes.
     *
     * @param code the ClickHouse error code announced in X-ClickHouse-Exception-Code, or 0 for none
     */
    static void refuse(OutputStream out, int status, int code, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + (status == 503 ? "Service Unavailable" : "Bad Request") + "\r\n"
                + (code == 0 ? "" : "X-ClickHouse-Exception-Code: " + code + "\r\n")
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }
}
