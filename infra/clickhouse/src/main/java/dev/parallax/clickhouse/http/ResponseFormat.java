package dev.parallax.clickhouse.http;

import java.util.Locale;

/** The Content-Type a server sends with output of a given format. */
final class ResponseFormat {

    private ResponseFormat() {
    }

    static String contentType(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith("json")) {
            return f.contains("eachrow") || f.equals("jsonlines")
                    ? "application/x-ndjson; charset=UTF-8" : "application/json; charset=UTF-8";
        }
        if (f.startsWith("csv")) return "text/csv; charset=UTF-8; header=absent";
        if (f.startsWith("tabseparated") || f.startsWith("tsv")) return "text/tab-separated-values; charset=UTF-8";
        if (f.startsWith("pretty") || f.equals("vertical") || f.equals("markdown") || f.equals("values")
                || f.equals("xml") || f.equals("template")) {
            return "text/plain; charset=UTF-8";
        }
        return "application/octet-stream";
    }
}
