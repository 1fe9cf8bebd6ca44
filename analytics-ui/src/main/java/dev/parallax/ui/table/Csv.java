package dev.parallax.ui.table;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** RFC 4180 text, safe to open in a spreadsheet. */
final class Csv {

    /** What a spreadsheet would run as a formula (OWASP "CSV injection"), e.g. a device id {@code =HYPERLINK(...)}. */
    private static final Pattern FORMULA = Pattern.compile("^[=+\\-@\t\r].*", Pattern.DOTALL);
    /** A signed figure as Figures prints it ({@code +12.5 %}, {@code +$0.43}): data, not a formula. */
    private static final Pattern FIGURE = Pattern.compile("^[+\\-]\\$?[\\d.,]+( ?[^=()|!@;]*)?$");

    private Csv() {
    }

    static String of(List<List<String>> lines) {
        return lines.stream().map(Csv::line).collect(Collectors.joining());
    }

    /** One line with its end, for writing a long export a line at a time. */
    static String line(List<String> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(",", "", "\r\n"));
    }

    static String cell(String text) {
        String safe = FORMULA.matcher(text).matches() && !FIGURE.matcher(text).matches() ? "'" + text : text;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
