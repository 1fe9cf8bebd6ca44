package dev.parallax.clickhouse.http;

import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.util.Locale;

/**
 * An HTTP/1.x request line and headers, with what they say about the body and the connection.
 *
 * @param method        GET, POST, ...
 * @param path          the target's path
 * @param rawQuery      the target's query string, still URL-encoded, or null
 * @param headers       the headers (names case-insensitive)
 * @param contentLength the body's length; -1 for a chunked body
 * @param keepAlive     whether the client keeps the connection for another request
 * @param expectContinue whether the client waits for {@code 100 Continue} before it sends the body
 */
record RequestHead(String method, String path, String rawQuery, Headers headers, long contentLength,
                   boolean keepAlive, boolean expectContinue) {

    /** A request the front cannot read, answered with {@code status} and the connection closed. */
    static final class Malformed extends Exception {
        final int status;

        Malformed(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Reads a head of at most {@code maxBytes}.
     *
     * @return the head, or null when the client closed the connection before sending one
     */
    static RequestHead read(SocketInput in, int maxBytes) throws IOException, Malformed {
        int[] budget = {maxBytes};
        try {
            String requestLine = in.readLine(budget);
            while (requestLine != null && requestLine.isEmpty()) requestLine = in.readLine(budget); // stray CRLF
            if (requestLine == null) return null;
            String[] parts = requestLine.split(" ");
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                throw new Malformed(400, "malformed request line");
            }
            Headers headers = new Headers();
            String line;
            while (!(line = nonNull(in.readLine(budget))).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon <= 0) throw new Malformed(400, "malformed header line");
                headers.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
            String target = parts[1];
            int question = target.indexOf('?');
            String path = question < 0 ? target : target.substring(0, question);
            String rawQuery = question < 0 ? null : target.substring(question + 1);
            boolean http10 = parts[2].equals("HTTP/1.0");
            String connection = lower(headers.getFirst("Connection"));
            boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
            return new RequestHead(parts[0], path, rawQuery, headers, contentLength(headers), keepAlive,
                    lower(headers.getFirst("Expect")).equals("100-continue"));
        } catch (SocketInput.HeadTooLarge e) {
            throw new Malformed(431, "request head larger than " + maxBytes + " bytes");
        }
    }

    private static long contentLength(Headers headers) throws Malformed {
        String encoding = headers.getFirst("Transfer-Encoding");
        String length = headers.getFirst("Content-Length");
        if (encoding != null) {
            // Both would let a proxy and this server disagree on where the body ends (request smuggling).
            if (length != null || !encoding.equalsIgnoreCase("chunked")) {
                throw new Malformed(400, "unsupported Transfer-Encoding");
            }
            return -1;
        }
        if (length == null) return 0;
        if (headers.get("Content-Length").size() > 1 || !length.matches("\\d{1,18}")) {
            throw new Malformed(400, "invalid Content-Length");
        }
        return Long.parseLong(length);
    }

    private static String nonNull(String line) throws IOException {
        if (line == null) throw new IOException("the client closed the connection in the middle of the request head");
        return line;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
