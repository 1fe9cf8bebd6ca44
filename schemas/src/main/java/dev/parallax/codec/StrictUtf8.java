package dev.parallax.codec;

import java.util.HexFormat;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629): no overlong forms ({@code C0 AF} for '/'), no encoded
 * surrogates ({@code ED A0 80}), nothing past U+10FFFF, no stray or missing continuation bytes. Lenient decoders
 * turn such bytes into other characters, so a record would be stored different from what was sent; a record
 * holding them is refused instead, with the offset and the bytes in the reason.
 */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** Null when {@code bytes[from, to)} is well-formed UTF-8, else what is wrong and where. */
    static String problem(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i];
            if (b >= 0) { // ASCII: the usual case, one comparison per byte
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int length;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                min = 0x10000;
            } else if (lead == 0xC0 || lead == 0xC1) {
                return describe(bytes, i, Math.min(to, i + 2), "an overlong encoding");
            } else {
                return describe(bytes, i, i + 1, lead < 0xC0 ? "a continuation byte without a lead byte" : "not a UTF-8 lead byte");
            }
            if (i + length > to) {
                return describe(bytes, i, to, "a truncated sequence");
            }
            int codePoint = lead & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return describe(bytes, i, i + k + 1, "a sequence with a missing continuation byte");
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            if (codePoint < min) {
                return describe(bytes, i, i + length, "an overlong encoding");
            }
            if (codePoint >= 0xD800 && codePoint <= 0xDFFF) {
                return describe(bytes, i, i + length, "an encoded UTF-16 surrogate");
            }
            if (codePoint > 0x10FFFF) {
                return describe(bytes, i, i + length, "beyond U+10FFFF");
            }
            i += length;
        }
        return null;
    }

    static String problem(byte[] bytes) {
        return problem(bytes, 0, bytes.length);
    }

    private static String describe(byte[] bytes, int at, int end, String what) {
        return "invalid UTF-8 at byte %d: %s is %s (send strict UTF-8)"
                .formatted(at, HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes, at, end), what);
    }
}
