package dev.parallax.clickhouse.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The start of a request's text: the {@code query} parameter, a line break and the body, as a server joins them,
 * read up to the SQL size limit and no further. Whatever is left of the body can only be an INSERT's inline data,
 * which is streamed to disk rather than read here; anything else that long is refused unread.
 *
 * @param bytes    the text read (a buffer: only {@code length} bytes are valid)
 * @param length   how many bytes were read
 * @param complete whether that is the whole text
 * @param rest     the unread rest of the body
 */
record RequestText(byte[] bytes, int length, boolean complete, InputStream rest) {

    static RequestText read(String query, InputStream body, int maxBytes) throws IOException, ServerError {
        byte[] head = query.isEmpty() ? new byte[0] : (query + "\n").getBytes(StandardCharsets.UTF_8);
        if (head.length > maxBytes) throw tooLarge(maxBytes);
        // Grows as bytes arrive, so a short query costs little; one byte beyond the limit tells "longer".
        byte[] buffer = Arrays.copyOf(head, Math.min(maxBytes + 1, Math.max(head.length + 8 * 1024, 16 * 1024)));
        int length = head.length;
        while (length < maxBytes + 1) {
            if (length == buffer.length) buffer = Arrays.copyOf(buffer, Math.min(maxBytes + 1, buffer.length * 2));
            int n = body.read(buffer, length, buffer.length - length);
            if (n < 0) return new RequestText(buffer, length, true, InputStream.nullInputStream());
            length += n;
        }
        return new RequestText(buffer, length, false, body);
    }

    /** The request's SQL is longer than allowed, and it is not the head of an INSERT with inline data. */
    static ServerError tooLarge(int maxBytes) {
        return ServerError.of(ServerError.QUERY_IS_TOO_LARGE, "QUERY_IS_TOO_LARGE", "Query is too large: more than "
                + maxBytes + " bytes of SQL (the embedded front's max query size; only the inline data of an "
                + "INSERT ... FORMAT/VALUES may be longer)");
    }
}
