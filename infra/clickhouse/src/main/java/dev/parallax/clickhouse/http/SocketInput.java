package dev.parallax.clickhouse.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The bytes a client sends, buffered. Request heads are read here line by line; bodies read through it too, and
 * {@link #look} looks for the client's end of stream while a statement runs, keeping whatever it reads.
 */
final class SocketInput {

    private final Socket socket;
    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    SocketInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Waits for at least one byte; false at the end of the stream. */
    boolean await() throws IOException {
        return position < limit || fill() > 0;
    }

    int read() throws IOException {
        if (position >= limit && fill() <= 0) return -1;
        return buffer[position++] & 0xFF;
    }

    int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) return 0;
        if (position >= limit) {
            if (length >= buffer.length) return in.read(target, offset, length); // large reads skip the buffer
            if (fill() <= 0) return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /**
     * A line of the request head without its CRLF (a bare LF is accepted), as ISO-8859-1.
     *
     * @param budget bytes the head may still use; the line's bytes are taken from {@code budget[0]}
     * @return the line, or null at the end of the stream before any byte of it
     * @throws HeadTooLarge when the budget runs out first
     */
    String readLine(int[] budget) throws IOException, HeadTooLarge {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = read();
            if (b < 0) {
                if (line.isEmpty()) return null;
                throw new IOException("the client closed the connection in the middle of the request head");
            }
            if (--budget[0] < 0) throw new HeadTooLarge();
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') line.setLength(length - 1);
                return line.toString();
            }
            line.append((char) b);
        }
    }

    /** What a look at an otherwise idle connection found. */
    enum ClientState { GONE, SENT_MORE, QUIET }

    /**
     * While a statement runs, looks for up to {@code waitMillis} whether the client has gone (its end of the
     * stream). Anything it sent meanwhile (a next request) stays buffered for the next read.
     */
    ClientState look(int waitMillis) throws IOException {
        if (position < limit) return ClientState.SENT_MORE;
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(waitMillis);
        try {
            return fill() < 0 ? ClientState.GONE : ClientState.SENT_MORE;
        } catch (SocketTimeoutException e) {
            return ClientState.QUIET;
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    private int fill() throws IOException {
        if (position >= limit) {
            position = 0;
            limit = 0;
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n > 0) limit += n;
        return n;
    }

    /** The request head is larger than allowed. */
    static final class HeadTooLarge extends Exception {
        HeadTooLarge() {
            super("request head too large", null, false, false);
        }
    }
}
