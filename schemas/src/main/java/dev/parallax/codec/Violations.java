package dev.parallax.codec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is wrong with one record, collected field by field so that a rejection names every problem at once.
 * Messages use the wire (snake_case) field names, since that is what the producer wrote.
 */
final class Violations {

    // Plausible runner clocks. Outside this range the value is almost always seconds instead of milliseconds,
    // or a device that booted without network time (a Raspberry Pi without RTC starts in 1970).
    private static final long EARLIEST_MS = Limits.EARLIEST_EVENT_TIME_MS;
    private static final long LATEST_MS = Limits.LATEST_EVENT_TIME_MS;

    private final Set<String> missing = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();

    boolean isEmpty() {
        return missing.isEmpty() && problems.isEmpty();
    }

    void missing(String field) {
        missing.add(field);
    }

    void add(String problem) {
        problems.add(problem);
    }

    /** All problems as one sentence, missing fields first. */
    String reason() {
        List<String> parts = new ArrayList<>();
        if (missing.size() == 1) {
            parts.add("missing required field " + missing.iterator().next());
        } else if (!missing.isEmpty()) {
            parts.add("missing required fields " + String.join(", ", missing));
        }
        parts.addAll(problems);
        return String.join("; ", parts);
    }

    void requirePresent(String field, Object value) {
        if (value == null) {
            missing(field);
        }
    }

    void requireText(String field, String value) {
        if (value == null) {
            missing(field);
        } else if (value.isBlank()) {
            add(field + " must not be empty");
        }
    }

    void requireUuid(String field, String value) {
        if (value == null) {
            missing(field);
        } else if (!isUuid(value)) {
            add("%s '%s' is not a UUID (expected 8-4-4-4-12 hex digits)".formatted(field, abbreviate(value)));
        }
    }

    /** 8-4-4-4-12 hex digits; by hand, as every event id is checked (a regular expression cost 4 % of a job). */
    private static boolean isUuid(String value) {
        if (value.length() != 36) return false;
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) return false;
        }
        return true;
    }

    void requireEpochMillis(String field, long value) {
        if (value >= EARLIEST_MS && value < LATEST_MS) {
            return;
        }
        if (value >= EARLIEST_MS / 1000 && value < LATEST_MS / 1000) {
            add("%s %d looks like epoch seconds; expected epoch milliseconds".formatted(field, value));
        } else {
            add("%s %d is not an epoch-millisecond time between 2000-01-01 and 2100-01-01".formatted(field, value));
        }
    }

    /** Optional text: when present it must be at most {@code max} UTF-8 bytes. */
    void maxBytes(String field, String value, int max) {
        if (value == null || value.length() * 3 <= max) {
            return; // a UTF-16 unit is at most 3 UTF-8 bytes: nearly every value is decided here
        }
        int bytes = utf8Length(value);
        if (bytes > max) {
            add("%s is %d bytes of UTF-8; at most %d allowed".formatted(field, bytes, max));
        }
    }

    /** Attributes: at most {@link Limits#MAX_ATTRIBUTES} entries, keys and values within their byte limits. */
    void attributes(Map<?, ?> attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > Limits.MAX_ATTRIBUTES) {
            add("attributes has %d entries; at most %d allowed".formatted(attributes.size(), Limits.MAX_ATTRIBUTES));
            return;
        }
        for (Map.Entry<?, ?> entry : attributes.entrySet()) {
            String key = String.valueOf(entry.getKey()); // Avro may hand keys over as Utf8
            maxBytes("attributes key '" + abbreviate(key) + "'", key, Limits.MAX_NAME_BYTES);
            maxBytes("attributes." + abbreviate(key), entry.getValue() == null ? null : String.valueOf(entry.getValue()),
                    Limits.MAX_ATTRIBUTE_VALUE_BYTES);
        }
    }

    private static int utf8Length(String value) {
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) bytes += 1;
            else if (c < 0x800) bytes += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else bytes += 3;
        }
        return bytes;
    }

    /** Optional number: when present it must be finite. */
    void finite(String field, Double value) {
        if (value != null && !Double.isFinite(value)) {
            add("%s must be a finite number (was %s)".formatted(field, value));
        }
    }

    /** Optional number: when present it must be finite and not negative. */
    void finiteNonNegative(String field, Double value) {
        if (value != null && !(Double.isFinite(value) && value >= 0)) {
            add("%s must be a finite number ≥ 0 (was %s)".formatted(field, value));
        }
    }

    /** A long: it must be at least {@code min}. */
    void atLeast(String field, long value, long min) {
        if (value < min) {
            add("%s must be ≥ %d (was %d)".formatted(field, min, value));
        }
    }

    /** Optional integer: when present it must be at least {@code min}. */
    void atLeast(String field, Integer value, int min) {
        if (value != null && value < min) {
            add("%s must be ≥ %d (was %d)".formatted(field, min, value));
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
