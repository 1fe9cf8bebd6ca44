package dev.parallax.ui.devices;

import dev.parallax.analytics.alert.FleetSnapshot.DeviceLastSeen;
import dev.parallax.insights.alerts.FleetSnapshotReader;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The fleet as the devices list shows it: every device heard from in a period with its last temperature, throttling,
 * inferences and clock offset, a page at a time, filtered and sorted in the warehouse (a fleet has about a thousand
 * devices). Episodes are counted as {@link ThrottleService} finds them and clocks measured as the clock-offset rule
 * measures them ({@link FleetSnapshotReader#CLOCKS}).
 */
@Service
public class DeviceListing {

    /** The columns the list may be sorted by, and their SQL: nothing else reaches the ORDER BY. */
    public enum SortColumn {
        DEVICE("device_id"), DEVICE_CLASS("device_class"), TIER("tier"), LAST_SEEN("last_seen"),
        TEMPERATURE("last_temp_c"), EPISODES("episode_count"), THROTTLED("throttled_for_ms"),
        INFERENCES("inference_count"), CLOCK_OFFSET("abs(clock_offset_ms)");

        private final String sql;

        SortColumn(String sql) {
            this.sql = sql;
        }
    }

    public record Sort(SortColumn column, boolean descending) {
    }

    /**
     * One row per device heard from in the period, with what copies of an event do not change (its class, tier, last
     * seen and last temperature), so that it reads the raw tables without FINAL: the list's count and its classes
     * read only this. A device counts as heard from when an event or sample of it is stamped in the period or was
     * received in it: one whose clock runs far behind is listed too, and its offset says why (as on the overview).
     * Its {@code ?} in order: those of {@link #heardIn} for the inference events, then for the samples, then the class,
     * the tier and the search, each twice.
     */
    private static final String DEVICES = """
            SELECT device_id, any(device_class) AS device_class, any(tier) AS tier,
                greatest(max(event_time), max(received_at)) AS last_seen,
                if(countIf(temperature_c IS NOT NULL) = 0, NULL,
                   argMaxIf(temperature_c, event_time, temperature_c IS NOT NULL)) AS last_temp_c
            FROM (%s UNION ALL %s)
            """.formatted(heardIn("parallax.inference_events"), heardIn("parallax.device_samples")) + """
            GROUP BY device_id
            HAVING (? = '' OR device_class = ?) AND (? = '' OR tier = ?)
                AND (? = '' OR positionCaseInsensitive(device_id, ?) > 0)
            """;

    /**
     * The {@link #DEVICES} with their inferences stamped in the period, each once ({@link InferenceCounts#EVENTS},
     * the one read here that merges copies), episodes and clocks. Its {@code ?} in order: those of the devices, from
     * and to of the inferences, those of {@link ThrottleService#PER_DEVICE}, those of {@link FleetSnapshotReader#CLOCKS}.
     */
    private static final String ROWS = "SELECT d.device_id AS device_id, d.device_class AS device_class, d.tier AS tier,"
            + " last_seen, last_temp_c, i.inferences AS inference_count, t.episodes AS episode_count,"
            + " t.throttled_ms AS throttled_for_ms, if(c.device_id = '', NULL, c.offset_ms) AS clock_offset_ms\n"
            + "FROM (" + DEVICES + ") AS d\n"
            + "LEFT JOIN (SELECT device_id, count() AS inferences FROM " + InferenceCounts.EVENTS
            + " WHERE event_time >= ? AND event_time < ? GROUP BY device_id) AS i ON d.device_id = i.device_id\n"
            + "LEFT JOIN (" + ThrottleService.PER_DEVICE + ") AS t ON d.device_id = t.device_id\n"
            + "LEFT JOIN (" + FleetSnapshotReader.CLOCKS + ") AS c ON d.device_id = c.device_id\n";

    private static final Sort BY_ID = new Sort(SortColumn.DEVICE, false);

    private final Warehouse warehouse;
    private final Clock clock;

    public DeviceListing(Warehouse warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    /** The {@code limit} devices from {@code offset} on in the order asked (by device id by default). */
    public List<ListedDevice> page(DeviceFilter filter, List<Sort> order, int offset, int limit) {
        StringBuilder sql = new StringBuilder(ROWS).append("ORDER BY ");
        for (Sort s : order.isEmpty() ? List.of(BY_ID) : order) {
            sql.append(s.column().sql).append(s.descending() ? " DESC, " : " ASC, ");
        }
        // Ties page the same way every time; a device is one row.
        sql.append("device_id LIMIT ? OFFSET ?");
        List<Object> params = new ArrayList<>(devices(filter));
        Instant from = filter.period().from();
        Instant to = filter.period().to();
        Instant clocksSince = clock.instant().minus(DeviceLastSeen.CLOCK_WINDOW);
        params.addAll(List.of(from, to, to, to, from, to, to, from, clocksSince, "", "", clocksSince, "", ""));
        params.add(limit);
        params.add(offset);
        long rangeMs = Duration.between(filter.period().from(), filter.period().to()).toMillis();
        return warehouse.query(sql.toString(), rs -> row(rs, rangeMs), params.toArray());
    }

    /** How many devices the filter holds. */
    public int count(DeviceFilter filter) {
        return warehouse.query("SELECT count() FROM (" + DEVICES + ")", rs -> rs.getInt(1),
                devices(filter).toArray()).getFirst();
    }

    /** How many devices of each class and tier were heard from in the period. */
    public FleetCensus census(Period period) {
        record Counted(String deviceClass, String tier, int devices) {
        }
        Map<String, Map<String, Integer>> devices = new HashMap<>();
        warehouse.query("SELECT device_class, tier, count() AS devices FROM (" + DEVICES + ") GROUP BY device_class, tier",
                rs -> new Counted(rs.getString("device_class"), rs.getString("tier"), rs.getInt("devices")),
                devices(DeviceFilter.of(period)).toArray())
                .forEach(c -> devices.computeIfAbsent(c.deviceClass(), k -> new HashMap<>()).put(c.tier(), c.devices()));
        return new FleetCensus(period, devices);
    }

    /**
     * A table's events that make a device heard from in a period, read in two parts: those stamped in it, then those
     * received in it but stamped outside it. As one condition, stamped in it or received in it, the engine could prune
     * by neither the sort key (by event time) nor the index of arrival times and read the whole table: twice as long
     * for the same rows at 10 M events. Its {@code ?} in order: from, to, then from, to, from, to.
     */
    private static String heardIn(String table) {
        return """
                SELECT device_id, device_class, tier, event_time, received_at, temperature_c
                FROM %1$s WHERE event_time >= ? AND event_time < ?
                UNION ALL
                SELECT device_id, device_class, tier, event_time, received_at, temperature_c
                FROM %1$s WHERE received_at >= ? AND received_at < ? AND NOT (event_time >= ? AND event_time < ?)
                """.formatted(table);
    }

    private static ListedDevice row(ResultSet rs, long rangeMs) throws SQLException {
        long offsetMs = rs.getLong("clock_offset_ms");
        Duration offset = rs.wasNull() ? null : Duration.ofMillis(offsetMs);
        return new ListedDevice(rs.getString("device_id"), rs.getString("device_class"), rs.getString("tier"),
                Warehouse.instant(rs, "last_seen"), Warehouse.number(rs, "last_temp_c"), rs.getLong("episode_count"),
                rangeMs == 0 ? 0 : (double) rs.getLong("throttled_for_ms") / rangeMs, rs.getLong("inference_count"),
                offset);
    }

    private static List<Object> devices(DeviceFilter f) {
        Instant from = f.period().from();
        Instant to = f.period().to();
        return List.of(from, to, from, to, from, to, from, to, from, to, from, to, f.deviceClass(), f.deviceClass(),
                f.tier(), f.tier(), f.search(), f.search());
    }
}
