package dev.parallax.ui.alerts;

import static dev.parallax.ui.warehouse.Warehouse.instant;

import dev.parallax.ui.warehouse.Warehouse;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** Alerts as the {@code alerts} table projects them from the topic: the audit trail, resolved ones included. */
@Service
public class AlertHistory {

    private final Warehouse warehouse;

    public AlertHistory(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Alerts raised or resolved in {@code [from, to)}, newest first. */
    public List<AlertRow> between(Instant from, Instant to) {
        return warehouse.query("""
                SELECT alert_id, rule, alert_key, state, severity, message, evidence, raised_at, acknowledged_at,
                    acknowledged_by, resolved_at, version
                FROM parallax.alerts FINAL
                WHERE (raised_at >= ? AND raised_at < ?) OR (resolved_at >= ? AND resolved_at < ?)
                ORDER BY raised_at DESC
                LIMIT 500
                """, rs -> new AlertRow(rs.getString("alert_id"), rs.getString("rule"), rs.getString("alert_key"),
                rs.getString("state"), rs.getString("severity"), rs.getString("message"), rs.getString("evidence"),
                instant(rs, "raised_at"), instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"),
                instant(rs, "resolved_at"), rs.getLong("version"), null), from, to, from, to);
    }
}
