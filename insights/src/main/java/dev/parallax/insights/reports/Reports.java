package dev.parallax.insights.reports;

import dev.parallax.insights.access.Actor;
import dev.parallax.insights.access.Roles;
import dev.parallax.insights.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Drift reports generated and kept in {@code reports}. A report's id derives from its kind and period, so
 * generating the same period again replaces it (the newest creation wins).
 */
public final class Reports {

    private final Warehouse warehouse;
    private final DriftReport report;
    private final Clock clock;

    public Reports(Warehouse warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.report = new DriftReport(warehouse);
        this.clock = clock;
    }

    public StoredReport generate(String kind, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a report period must start before it ends: " + from + " .. " + to);
        }
        Instant now = clock.instant();
        String html = report.html(from, to, now);
        String id = UUID.nameUUIDFromBytes((kind + "|" + from.toEpochMilli() + "|" + to.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8)).toString();
        String title = DriftReport.title(from, to);
        warehouse.update("""
                INSERT INTO parallax.reports (report_id, kind, period_start, period_end, created_at, title, html)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, id, kind, from, to, now, title, html);
        return new StoredReport(id, kind, from, to, now, title, html.getBytes(StandardCharsets.UTF_8).length);
    }

    /** A report of the given period asked for by a user ("Generate report"): operators and admins only. */
    public StoredReport generateFor(Actor user, Instant from, Instant to) {
        user.require(Roles.OPERATOR, "generate reports");
        return generate("on-demand", from, to);
    }

    /** The report of {@code [from, to)} as it would be kept, for a look before keeping it: nothing is stored. */
    public String preview(Instant from, Instant to) {
        return report.html(from, to, clock.instant());
    }

    /**
     * Deletes a kept report for a user: operators and admins only. The deletion is a newer row of the report's id
     * naming who deleted it, so the trail stays (the UI only inserts).
     */
    public void deleteFor(Actor user, StoredReport kept) {
        user.require(Roles.OPERATOR, "delete reports");
        warehouse.update("""
                INSERT INTO parallax.reports (report_id, kind, period_start, period_end, created_at, title, html,
                    deleted_by)
                VALUES (?, ?, ?, ?, ?, ?, '', ?)
                """, kept.reportId(), kept.kind(), kept.periodStart(), kept.periodEnd(), clock.instant(), kept.title(),
                user.name());
    }

    /** The newest reports first. */
    public List<StoredReport> list(int limit) {
        return warehouse.query("""
                SELECT report_id, kind, period_start, period_end, created_at, title, length(html) AS bytes
                FROM parallax.reports FINAL WHERE deleted_by = ''
                ORDER BY period_end DESC, created_at DESC LIMIT ?
                """, rs -> new StoredReport(rs.getString("report_id"), rs.getString("kind"),
                Warehouse.instant(rs, "period_start"), Warehouse.instant(rs, "period_end"),
                Warehouse.instant(rs, "created_at"), rs.getString("title"), rs.getLong("bytes")), limit);
    }

    public Optional<String> html(String reportId) {
        return warehouse.query("SELECT html FROM parallax.reports FINAL WHERE report_id = ? AND deleted_by = ''",
                rs -> rs.getString(1), reportId).stream().findFirst();
    }
}
