package dev.parallax.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;

/** What must never reach a person: NaN, infinities, exponents and floats printed to the last bit. */
public final class RawNumbers {

    private static final Pattern RAW = Pattern.compile("\\bNaN\\b|\\bInfinity\\b"
            + "|(?<![\\w.-])\\d+\\.\\d{5,}(?![\\w-])|(?<![\\w.-])\\d+(\\.\\d+)?[eE][-+]?\\d+(?![\\w-])");

    private RawNumbers() {
    }

    /** Fails listing every raw number in {@code text} (a page's text or a report). */
    public static void assertNone(String text) {
        List<String> found = RAW.matcher(text).results().map(m -> m.group()).toList();
        assertEquals(List.of(), found, "raw numbers shown to people");
    }
}
