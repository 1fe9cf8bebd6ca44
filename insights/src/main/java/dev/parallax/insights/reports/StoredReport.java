package dev.parallax.insights.reports;

import java.time.Instant;

/** A kept report, without its body. */
public record StoredReport(String reportId, String kind, Instant periodStart, Instant periodEnd, Instant createdAt,
                           String title, long bytes) {

    public String fileName() {
        return "parallax-" + kind + "-" + DriftReport.TIME.format(periodEnd).replaceAll("[^0-9]", "") + ".html";
    }
}
