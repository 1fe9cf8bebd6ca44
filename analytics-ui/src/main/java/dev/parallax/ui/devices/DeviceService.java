package dev.parallax.ui.devices;

import dev.parallax.insights.alerts.FleetSnapshotReader;
import dev.parallax.insights.throttle.Episode;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * One device: when it was last heard from and its clock offset (as the overview and the clock-offset rule measure
 * them, {@link FleetSnapshotReader#heardFrom}), its temperature and clock offset minute by minute, and its
 * throttle episodes.
 */
@Service
public class DeviceService {

    /** How far back a device counts as known: a week, as the runs page's default range. */
    static final Duration HORIZON = Duration.ofDays(7);

    private final Warehouse warehouse;
    private final ThrottleService throttle;
    private final Clock clock;

    public DeviceService(Warehouse warehouse, ThrottleService throttle, Clock clock) {
        this.warehouse = warehouse;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** The device, when it was heard from within the {@link #HORIZON}. */
    public Optional<DeviceHealth> health(String deviceId) {
        return FleetSnapshotReader.heardFrom(warehouse, clock.instant(), HORIZON, deviceId).stream().findFirst()
                .map(d -> new DeviceHealth(d.deviceId(), d.deviceClass(), d.tier(), d.lastHeard(), d.clockOffset(),
                        throttle.throttlingNow(deviceId)));
    }

    /** Its minutes with an event in the period, oldest first. */
    public List<DeviceMinute> minutes(String deviceId, Period period) {
        return warehouse.query("""
                SELECT toStartOfMinute(event_time) AS minute, avg(temperature_c) AS mean_c, max(temperature_c) AS max_c,
                    max(toUnixTimestamp64Milli(event_time) - toUnixTimestamp64Milli(received_at)) AS offset_ms
                FROM (
                    SELECT event_time, received_at, temperature_c FROM parallax.inference_events
                    WHERE device_id = ? AND event_time >= ? AND event_time < ?
                    UNION ALL
                    SELECT event_time, received_at, temperature_c FROM parallax.device_samples
                    WHERE device_id = ? AND event_time >= ? AND event_time < ?
                )
                GROUP BY minute ORDER BY minute
                """, rs -> new DeviceMinute(Warehouse.instant(rs, "minute"), Warehouse.number(rs, "mean_c"),
                Warehouse.number(rs, "max_c"), Duration.ofMillis(rs.getLong("offset_ms"))),
                deviceId, period.from(), period.to(), deviceId, period.from(), period.to());
    }

    public List<Episode> episodes(String deviceId, Period period) {
        return throttle.forDevice(deviceId, period.from(), period.to());
    }
}
