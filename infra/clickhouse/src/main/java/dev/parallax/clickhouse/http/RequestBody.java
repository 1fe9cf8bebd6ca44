package dev.parallax.clickhouse.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body as sent: {@code Content-Length} bytes or {@code chunked} framing. The handler reads what it
 * needs; whatever it leaves is skipped afterwards ({@link #skipRest}) so that the connection can serve the next
 * request, or the connection is closed when that would mean reading too much.
 */
final class RequestBody extends InputStream {

    /** Called once, before the first byte is read: e.g. to send {@code 100 Continue}. */
    interface FirstRead {
        void before() throws IOException;
    }

    private final SocketInput in;
    private final boolean chunked;
    private FirstRead firstRead;
    /** Bytes left in the body (fixed length) or in the current chunk; -1 before the first chunk. */
    private long remaining;
    private boolean finished;
    private long consumed;

    RequestBody(SocketInput in, long contentLength, FirstRead firstRead) {
        this.in = in;
        this.chunked = contentLength < 0;
        this.remaining = chunked ? -1 : contentLength;
        this.finished = contentLength == 0;
        this.firstRead = firstRead;
    }

    boolean finished() {
        return finished;
    }

    /** Bytes of the body read so far. */
    long consumed() {
        return consumed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (finished) return -1;
        if (firstRead != null) {
            FirstRead first = firstRead;
            firstRead = null;
            first.before();
        }
        if (chunked && remaining <= 0) {
            if (remaining == 0) expectLineEnd();
            remaining = nextChunkSize();
            if (remaining == 0) {
                skipTrailers();
                finished = true;
                return -1;
            }
        }
        int n = in.read(target, offset, (int) Math.min(length, remaining));
        if (n < 0) throw new IOException("the client closed the connection in the middle of the request body");
        remaining -= n;
        consumed += n;
        if (!chunked && remaining == 0) finished = true;
        return n;
    }

    /**
     * Reads and discards the rest of the body, at most {@code maxBytes}.
     *
     * @return whether the body ended within that, so the connection can carry on
     */
    boolean skipRest(long maxBytes) throws IOException {
        if (firstRead != null) return false; // the client waits for 100 Continue: it never sent the body
        byte[] sink = new byte[16 * 1024];
        long skipped = 0;
        while (!finished) {
            int n = read(sink, 0, sink.length);
            if (n < 0) break;
            skipped += n;
            if (skipped > maxBytes) return false;
        }
        return true;
    }

    private long nextChunkSize() throws IOException {
        String line = line();
        int semicolon = line.indexOf(';'); // chunk extensions are ignored
        String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        if (!size.matches("[0-9a-fA-F]{1,15}")) throw new IOException("malformed chunk size");
        return Long.parseLong(size, 16);
    }

    private void expectLineEnd() throws IOException {
        if (!line().isEmpty()) throw new IOException("malformed chunk end");
    }

    private void skipTrailers() throws IOException {
        int lines = 0;
        while (!line().isEmpty()) {
            if (++lines > 100) throw new IOException("too many trailer lines");
        }
    }

    private String line() throws IOException {
        int[] budget = {4096};
        try {
            String line = in.readLine(budget);
            if (line == null) throw new IOException("the client closed the connection in the middle of a chunk");
            return line;
        } catch (SocketInput.HeadTooLarge e) {
            throw new IOException("chunk header line too long");
        }
    }
}
