package dev.parallax.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What must never reach a person: NaN, infinities, exponents and floats printed to the last bit (five or more
 * significant decimals; {@code Figures} prints three, so {@code $0.00129} is a figure, {@code 0.055000000000000056} raw).
 */
public final class RawNumbers {

    private static final Pattern RAW = Pattern.compile("\\bNaN\\b|\\bInfinity\\b"
            + "|(?<![\\w.-])(?:[1-9]\\d*\\.\\d{5,}|0\\.0*[1-9]\\d{4,})(?![\\w-])|(?<![\\w.-])\\d+(\\.\\d+)?[eE][-+]?\\d+(?![\\w-])");

    private RawNumbers() {
    }

    /** Fails listing every raw number in {@code text} (a page's text or a report). */
    public static void assertNone(String text) {
        List<String> found = RAW.matcher(text).results().map(m -> m.group()).toList();
        assertEquals(List.of(), found, "raw numbers shown to people");
    }
}
