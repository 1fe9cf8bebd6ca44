package dev.parallax.insights.alerts;

import dev.parallax.analytics.alert.AlertEvent;
import dev.parallax.analytics.alert.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One record of {@code parallax.alerts.v1}: an alert event together with the alert's row after it. The JSON
 * object's field names are the {@code alerts} table's columns, so the sink projects the topic into the table
 * unchanged (fields that are not columns, the event's own and the snooze's, are ignored there); times are epoch
 * milliseconds.
 */
public record AlertRecord(AlertEvent event, AlertRow row) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public byte[] toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("alert_id", row.alertId());
        fields.put("rule", row.rule());
        fields.put("alert_key", row.alertKey());
        fields.put("state", row.state());
        fields.put("severity", row.severity());
        fields.put("message", row.message());
        fields.put("evidence", row.evidence());
        fields.put("raised_at", millis(row.raisedAt()));
        fields.put("acknowledged_at", millis(row.acknowledgedAt()));
        fields.put("acknowledged_by", row.acknowledgedBy());
        fields.put("resolved_at", millis(row.resolvedAt()));
        fields.put("version", row.version());
        fields.put("snoozed_until", millis(row.snoozedUntil()));
        fields.put("event_id", event.eventId());
        fields.put("event_type", event.type().name());
        fields.put("event_at", event.at().toEpochMilli());
        fields.put("actor", event.actor());
        fields.put("summary", event.summary());
        fields.put("value", finite(event.value()));
        fields.put("threshold", finite(event.threshold()));
        fields.put("until", millis(event.until()));
        return JSON.writeValueAsBytes(fields);
    }

    /** @throws IllegalArgumentException when the bytes are not an alert record */
    public static AlertRecord fromJson(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            AlertEvent event = new AlertEvent(text(n, "event_id"), text(n, "alert_id"),
                    AlertEvent.Type.valueOf(text(n, "event_type")), text(n, "rule"), text(n, "alert_key"),
                    Severity.valueOf(text(n, "severity")), text(n, "summary"), number(n, "value"),
                    number(n, "threshold"), Instant.ofEpochMilli(n.required("event_at").asLong()), text(n, "actor"),
                    instant(n, "until"));
            AlertRow row = new AlertRow(text(n, "alert_id"), text(n, "rule"), text(n, "alert_key"), text(n, "state"),
                    text(n, "severity"), text(n, "message"), text(n, "evidence"), instant(n, "raised_at"),
                    instant(n, "acknowledged_at"), optionalText(n, "acknowledged_by"), instant(n, "resolved_at"),
                    n.required("version").asLong(), instant(n, "snoozed_until"));
            return new AlertRecord(event, row);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an alert record: " + e.getMessage(), e);
        }
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String text(JsonNode n, String field) {
        return n.required(field).asString();
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.ofEpochMilli(v.asLong());
    }
}
