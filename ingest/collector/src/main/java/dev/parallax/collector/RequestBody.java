package dev.parallax.collector;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A request body, read as sent ({@code Content-Encoding} absent or {@code identity}) or gzip-compressed
 * ({@code gzip}), never holding more than {@code limit} bytes of either form: a small body that inflates past the
 * limit (a zip bomb) is refused after inflating {@code limit + 1} bytes, not after inflating all of it.
 */
record RequestBody(byte[] bytes, boolean inflated) {

    /** @throws Refused with the HTTP status and message to answer */
    static RequestBody read(InputStream in, String contentEncoding, int limit) throws IOException {
        // Read first, whatever the answer: a connection closed with its request unread is reset, and the client
        // may lose the answer.
        byte[] sent = in.readNBytes(limit + 1);
        if (sent.length > limit) throw new Refused(413, tooLarge(limit));
        String encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (!encoding.equals("identity") && !encoding.equals("gzip")) {
            throw new Refused(415, "Content-Encoding '" + contentEncoding + "' is not supported; send gzip or identity");
        }
        if (encoding.equals("identity")) return new RequestBody(sent, false);
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(sent))) {
            byte[] inflated = gzip.readNBytes(limit + 1);
            if (inflated.length > limit) {
                throw new Refused(413, "gzip body inflates to over " + limit + " bytes; split the batch");
            }
            return new RequestBody(inflated, true);
        } catch (ZipException | EOFException e) {
            throw new Refused(400, "body is not valid gzip (" + e.getMessage() + ")");
        }
    }

    static String tooLarge(int limit) {
        return "request body over " + limit + " bytes; split the batch";
    }

    static final class Refused extends IOException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
