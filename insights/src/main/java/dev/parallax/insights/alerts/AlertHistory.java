package dev.parallax.insights.alerts;

import static dev.parallax.insights.warehouse.Warehouse.instant;

import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** Alerts as the {@code alerts} table projects them from the topic: the audit trail, resolved ones included. */
@Service
public class AlertHistory {

    /** Each row as the table's latest version of it, the newest raised first, at most 500 of them. */
    private static final String ROWS = """
            SELECT alert_id, rule, alert_key, state, severity, message, evidence, raised_at, acknowledged_at,
                acknowledged_by, resolved_at, version
            FROM parallax.alerts FINAL
            WHERE (%s)
            ORDER BY raised_at DESC
            LIMIT 500
            """;

    private final Warehouse warehouse;

    public AlertHistory(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Alerts raised or resolved in {@code [from, to)}, newest first. */
    public List<AlertRow> between(Instant from, Instant to) {
        return read("(raised_at >= ? AND raised_at < ?) OR (resolved_at >= ? AND resolved_at < ?)",
                from, to, from, to);
    }

    /**
     * Alerts raised in the period or whose last change (acknowledgement or resolution, the table's latest version)
     * falls in it, newest raised first: the alerts page's history of a range.
     */
    public List<AlertRow> changedIn(Period period) {
        return read("""
                (raised_at >= ? AND raised_at < ?)
                OR ((greatest(raised_at, coalesce(acknowledged_at, raised_at), coalesce(resolved_at, raised_at))
                        AS last_change) >= ? AND last_change < ?)
                """, period.from(), period.to(), period.from(), period.to());
    }

    private List<AlertRow> read(String where, Object... params) {
        return warehouse.query(ROWS.formatted(where), rs -> new AlertRow(rs.getString("alert_id"),
                rs.getString("rule"), rs.getString("alert_key"), rs.getString("state"), rs.getString("severity"),
                rs.getString("message"), rs.getString("evidence"), instant(rs, "raised_at"),
                instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"), instant(rs, "resolved_at"),
                rs.getLong("version"), null), params);
    }
}
