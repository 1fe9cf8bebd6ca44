package dev.parallax.streams.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencySummary;
import dev.parallax.analytics.latency.LatencyWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The operators' results as the records of the derived topics (SPEC §11): JSON objects whose field names are
 * the columns of the table that holds the fact, times as epoch milliseconds, and a {@code version} that grows
 * with every update of the same fact so the table keeps the newest.
 */
public final class DerivedRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DerivedRecords() {
    }

    /** The Kafka key of a latency window: the same fact always has the same key, so compaction keeps the newest. */
    public static String latencyWindowKey(LatencyKey key, long windowStart) {
        return String.join("|", key.testId(), key.modelName(), key.modelVersion(), key.precision().name(),
                key.tier().name(), key.deviceClass(), Long.toString(windowStart));
    }

    /** A {@code latency_windows} row (SPEC §3); the sketch travels base64-encoded. */
    public static byte[] latencyWindow(LatencyKey key, long windowStart, long windowEnd, LatencyWindow window,
                                       long lateEvents) {
        LatencySummary summary = window.summary();
        ObjectNode row = JSON.createObjectNode();
        row.put("window_start", windowStart);
        row.put("window_end", windowEnd);
        row.put("test_id", key.testId());
        row.put("model_name", key.modelName());
        row.put("model_version", key.modelVersion());
        row.put("precision", key.precision().name());
        row.put("tier", key.tier().name());
        row.put("device_class", key.deviceClass());
        row.put("count", summary.count());
        row.put("errors", summary.errors());
        putStatistic(row, "mean_ms", summary.meanMs());
        putStatistic(row, "p50_ms", summary.p50Ms());
        putStatistic(row, "p90_ms", summary.p90Ms());
        putStatistic(row, "p95_ms", summary.p95Ms());
        putStatistic(row, "p99_ms", summary.p99Ms());
        putStatistic(row, "p999_ms", summary.p999Ms());
        putStatistic(row, "max_ms", summary.maxMs());
        row.put("sketch", Base64.getEncoder().encodeToString(summary.sketch()));
        row.put("late_events", lateEvents);
        // Every update adds an event or a late event, so this grows with each version of the window.
        row.put("version", summary.count() + lateEvents);
        return bytes(row);
    }

    /** A statistic of no values (e.g. the latency of a window holding only errors) is NULL, not NaN. */
    private static void putStatistic(ObjectNode row, String column, double value) {
        if (Double.isNaN(value)) row.putNull(column); else row.put(column, value);
    }

    private static byte[] bytes(ObjectNode row) {
        try {
            return JSON.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
