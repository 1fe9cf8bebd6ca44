package dev.parallax.insights.throttle;

import dev.parallax.insights.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** Thermal-throttle episodes, of the devices a test ran on or of the whole fleet. */
@Service
public class ThrottleService {

    private static final String COLUMNS = """
            SELECT device_id, device_class, start_time, end_time, duration_ms, peak_temp_c, inferences,
                latency_inflation, is_open
            FROM parallax.throttle_episodes FINAL
            """;

    /**
     * Per device, its episodes overlapping {@code [from, to)} ({@code episodes}) and how long of the range they took
     * ({@code throttled_ms}, an open episode lasting to the range's end), as {@link #forDevice} finds them. Its
     * {@code ?} in order: to, to, from, to, to, from. The devices list joins it and sorts by it.
     */
    public static final String PER_DEVICE = """
            SELECT device_id, count() AS episodes,
                sum(toUnixTimestamp64Milli(least(coalesce(end_time, ?), ?))
                    - toUnixTimestamp64Milli(greatest(start_time, ?))) AS throttled_ms
            FROM parallax.throttle_episodes FINAL
            WHERE start_time < ? AND coalesce(end_time, ?) >= ?
            GROUP BY device_id
            """;

    private final Warehouse warehouse;

    public ThrottleService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Episodes overlapping {@code [from, to)} on the devices the test ran on in that range. */
    public List<Episode> forTest(String testId, Instant from, Instant to) {
        return warehouse.query(COLUMNS + """
                WHERE start_time < ? AND coalesce(end_time, ?) >= ?
                  AND device_id IN (SELECT DISTINCT device_id FROM parallax.inference_events
                                    WHERE test_id = ? AND event_time >= ? AND event_time < ?)
                ORDER BY start_time
                """, ThrottleService::episode, to, to, from, testId, from, to);
    }

    /** The device's episodes overlapping {@code [from, to)}, newest first. */
    public List<Episode> forDevice(String deviceId, Instant from, Instant to) {
        return warehouse.query(COLUMNS + """
                WHERE device_id = ? AND start_time < ? AND coalesce(end_time, ?) >= ?
                ORDER BY start_time DESC
                """, ThrottleService::episode, deviceId, to, to, from);
    }

    /** Every episode overlapping {@code [from, to)}. */
    public List<Episode> all(Instant from, Instant to) {
        return warehouse.query(COLUMNS + """
                WHERE start_time < ? AND coalesce(end_time, ?) >= ?
                ORDER BY device_id, start_time
                """, ThrottleService::episode, to, to, from);
    }

    private static Episode episode(ResultSet rs) throws SQLException {
        return new Episode(rs.getString("device_id"), rs.getString("device_class"),
                Warehouse.instant(rs, "start_time"), Warehouse.instant(rs, "end_time"),
                Duration.ofMillis(rs.getLong("duration_ms")), Warehouse.number(rs, "peak_temp_c"),
                rs.getLong("inferences"), Warehouse.number(rs, "latency_inflation"), rs.getInt("is_open") == 1);
    }
}
