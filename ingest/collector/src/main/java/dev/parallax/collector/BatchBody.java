package dev.parallax.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a request body into the raw bytes of its events, exactly as sent (a dead letter keeps them verbatim): a
 * JSON array of objects, or NDJSON (one JSON object per line). Each element is validated later, on its own.
 */
final class BatchBody {

    private static final JsonFactory JSON = new JsonFactory();

    private BatchBody() {
    }

    /** @throws MalformedBatchException when the body is neither a JSON array nor NDJSON */
    static List<byte[]> split(byte[] body) {
        int start = 0;
        while (start < body.length && Character.isWhitespace(body[start])) start++;
        if (start == body.length) throw new MalformedBatchException("empty body: send a JSON array or NDJSON");
        return body[start] == '[' ? splitArray(body) : splitLines(body);
    }

    private static List<byte[]> splitArray(byte[] body) {
        List<byte[]> records = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken(); // START_ARRAY
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) throw new MalformedBatchException("JSON array is not closed");
                long from = parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                parser.finishToken(); // a string's end is found lazily: without this an element "..." ends after its quote
                long to = parser.currentLocation().getByteOffset();
                records.add(Arrays.copyOfRange(body, (int) from, (int) to));
            }
            if (parser.nextToken() != null) throw new MalformedBatchException("unexpected content after the JSON array");
        } catch (IOException e) {
            throw new MalformedBatchException("malformed JSON array: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return records;
    }

    private static List<byte[]> splitLines(byte[] body) {
        List<byte[]> records = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int to = i;
                if (to > from && body[to - 1] == '\r') to--;
                if (!isBlank(body, from, to)) records.add(Arrays.copyOfRange(body, from, to));
                from = i + 1;
            }
        }
        return records;
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) if (!Character.isWhitespace(body[i])) return false;
        return true;
    }

    static final class MalformedBatchException extends RuntimeException {
        MalformedBatchException(String message) {
            super(message);
        }
    }
}
