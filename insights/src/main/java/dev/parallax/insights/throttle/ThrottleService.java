package dev.parallax.insights.throttle;

import dev.parallax.contract.derived.DerivedTable;
import dev.parallax.insights.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The read model of thermal-throttle episodes ({@code parallax.throttle_episodes}, row type
 * {@code ThrottleEpisodeRow}): every reader of the table reads it here, the episodes of a test's devices or of the
 * fleet, who is throttling now, and the join that tells which inferences ran inside an episode.
 */
@Service
public class ThrottleService {

    /** The table, as the row type's contract names it. */
    private static final String TABLE = "parallax." + DerivedTable.THROTTLE_EPISODES.table() + " FINAL";
    private static final String COLUMNS = """
            SELECT device_id, device_class, start_time, end_time, duration_ms, peak_temp_c, inferences,
                latency_inflation, is_open
            FROM\s""" + TABLE + "\n";

    /**
     * Joins each inference of a query's events {@code i} (with {@code device_id} and {@code event_time}) to the
     * episode of its device that began last before it, as {@code e}; {@link #DURING_EPISODE} then says whether the
     * inference ran inside it. An open episode lasts to the first {@code ?} (now); only episodes not over before the
     * third {@code ?} are joined. Parameters in order: now, now, since.
     */
    public static final String EPISODE_OF_EACH_INFERENCE = """
            ASOF LEFT JOIN (
                SELECT device_id, start_time, coalesce(end_time, ?) AS end_time
                FROM\s""" + TABLE + """
             WHERE coalesce(end_time, ?) >= ?
            ) AS e ON i.device_id = e.device_id AND i.event_time >= e.start_time
            """;
    /** Whether inference {@code i} ran inside its device's episode {@code e} ({@link #EPISODE_OF_EACH_INFERENCE}). */
    public static final String DURING_EPISODE = "(e.device_id != '' AND i.event_time <= e.end_time)";

    /**
     * Per device, its episodes overlapping {@code [from, to)} ({@code episodes}) and how long of the range they took
     * ({@code throttled_ms}, an open episode lasting to the range's end), as {@link #forDevice} finds them. Its
     * {@code ?} in order: to, to, from, to, to, from. The devices list joins it and sorts by it.
     */
    public static final String PER_DEVICE = """
            SELECT device_id, count() AS episodes,
                sum(toUnixTimestamp64Milli(least(coalesce(end_time, ?), ?))
                    - toUnixTimestamp64Milli(greatest(start_time, ?))) AS throttled_ms
            FROM\s""" + TABLE + """

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

    /** The devices inside an episode now (one still open). */
    public Set<String> throttlingNow() {
        return new HashSet<>(warehouse.query("SELECT DISTINCT device_id FROM " + TABLE + " WHERE is_open = 1",
                rs -> rs.getString(1)));
    }

    /** Whether the device is inside an episode now. */
    public boolean throttlingNow(String deviceId) {
        return !warehouse.query("SELECT 1 FROM " + TABLE + " WHERE device_id = ? AND is_open = 1 LIMIT 1",
                rs -> true, deviceId).isEmpty();
    }

    private static Episode episode(ResultSet rs) throws SQLException {
        return new Episode(rs.getString("device_id"), rs.getString("device_class"),
                Warehouse.instant(rs, "start_time"), Warehouse.instant(rs, "end_time"),
                Duration.ofMillis(rs.getLong("duration_ms")), Warehouse.number(rs, "peak_temp_c"),
                rs.getLong("inferences"), Warehouse.number(rs, "latency_inflation"), rs.getInt("is_open") == 1);
    }
}
