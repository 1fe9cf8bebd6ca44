package dev.parallax.insights.alerts;

import static dev.parallax.insights.warehouse.Warehouse.instant;

import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.alert.FleetSnapshot.DeadLetterCount;
import dev.parallax.analytics.alert.FleetSnapshot.DeviceLastSeen;
import dev.parallax.analytics.alert.FleetSnapshot.DivergenceSeries;
import dev.parallax.analytics.alert.FleetSnapshot.DriftSample;
import dev.parallax.analytics.alert.FleetSnapshot.LatencySeries;
import dev.parallax.analytics.alert.FleetSnapshot.ThrottleShare;
import dev.parallax.analytics.alert.FleetSnapshot.TierComparison;
import dev.parallax.analytics.alert.FleetSnapshot.Window;
import dev.parallax.analytics.alert.FleetSnapshot;
import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.insights.divergence.DivergenceService;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.latency.LatencyWindows;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Reads what the alert rules look at from the warehouse. The recent hour of latency windows serves three rules
 * (budget: the last windows of each key; ratio: edge vs cloud per test; drift: the current range). The drift
 * baseline (the 7 days before the current hour) is kept as hourly merged sketches. Late events amend their windows
 * for 7 days (SPEC §3a), so a past hour may change: each evaluation reads again only the hours whose windows changed
 * since it read them ({@link LatencyWindows#hourStamps}), and the hours it has not seen.
 */
@Component
public class FleetSnapshotReader {

    static final Duration RECENT = Duration.ofHours(1);
    static final Duration BUDGET_LOOKBACK = Duration.ofMinutes(15);
    static final Duration BASELINE = Duration.ofDays(7);
    static final Duration DEVICE_HORIZON = Duration.ofDays(7);

    private final Warehouse warehouse;
    private final LatencyWindows latencyWindows;
    private final DivergenceService divergenceWindows;
    /** Per latency key, merged sketch per baseline hour (by its start). */
    private final Map<SeriesKey, TreeMap<Instant, DDQuantileSketch>> baselineHours = new HashMap<>();
    /** The stamp of each baseline hour's windows when they were read. */
    private final Map<Instant, LatencyWindows.HourStamp> baselineStamps = new HashMap<>();

    public FleetSnapshotReader(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.latencyWindows = new LatencyWindows(warehouse);
        this.divergenceWindows = new DivergenceService(warehouse);
    }

    record SeriesKey(String testId, String modelName, Tier tier, String deviceClass) {
    }

    public synchronized FleetSnapshot read(Instant now) {
        Instant recent = now.minus(RECENT);
        Map<SeriesKey, TreeMap<Instant, DDQuantileSketch>> windows = new HashMap<>();
        latencyWindows.sketches(LatencyWindows.Range.within(recent, now), w -> windows.computeIfAbsent(
                key(w.testId(), w.modelName(), w.tier(), w.deviceClass()), k -> new TreeMap<>())
                .merge(w.start(), w.sketch(), FleetSnapshotReader::merge));

        List<LatencySeries> latency = new ArrayList<>();
        Map<String, DDQuantileSketch[]> byTest = new TreeMap<>(); // [edge, cloud]
        List<DriftSample> drift = new ArrayList<>();
        Map<SeriesKey, DDQuantileSketch> baseline = baseline(now);
        windows.forEach((key, byStart) -> {
            List<Window> last = new ArrayList<>();
            DDQuantileSketch current = null;
            for (Map.Entry<Instant, DDQuantileSketch> w : byStart.entrySet()) {
                if (!w.getKey().isBefore(now.minus(BUDGET_LOOKBACK))) {
                    last.add(new Window(w.getKey(), w.getValue()));
                }
                current = current == null ? w.getValue().copy() : merge(current, w.getValue());
            }
            if (!last.isEmpty()) {
                latency.add(new LatencySeries(key.testId(), key.modelName(), key.tier(), key.deviceClass(), last));
            }
            DDQuantileSketch[] tiers = byTest.computeIfAbsent(key.testId(), t -> new DDQuantileSketch[2]);
            int slot = key.tier() == Tier.EDGE ? 0 : 1;
            tiers[slot] = tiers[slot] == null ? current.copy() : merge(tiers[slot], current);
            DDQuantileSketch base = baseline.get(key);
            if (base != null && !base.isEmpty()) {
                drift.add(new DriftSample(key.testId(), key.modelName(), key.tier(), key.deviceClass(), current, base));
            }
        });
        List<TierComparison> tiers = new ArrayList<>();
        byTest.forEach((test, s) -> {
            if (s[0] != null && s[1] != null) {
                tiers.add(new TierComparison(test, s[0], s[1]));
            }
        });
        return new FleetSnapshot(now, latency, tiers, drift, divergence(recent), throttle(recent, now),
                devices(now), deadLetters(recent));
    }

    /**
     * Merged baseline per key over the 7 days before the current hour, reading only the hours not kept yet or whose
     * windows changed since they were read.
     */
    private Map<SeriesKey, DDQuantileSketch> baseline(Instant now) {
        Instant to = now.minus(RECENT).truncatedTo(ChronoUnit.HOURS);
        Instant from = to.minus(BASELINE);
        Map<Instant, LatencyWindows.HourStamp> stamps = latencyWindows.hourStamps(from, to);
        // What is kept of an hour whose windows changed, of an hour before the baseline or of one without windows now
        // goes; the hours not kept then are read.
        baselineStamps.entrySet().removeIf(hour -> !hour.getValue().equals(stamps.get(hour.getKey())));
        baselineHours.values().forEach(hours -> hours.keySet().retainAll(baselineStamps.keySet()));
        List<Instant> toRead = stamps.keySet().stream().filter(hour -> !baselineStamps.containsKey(hour)).sorted()
                .toList();
        // Read in runs of consecutive hours: the first evaluation reads the 7 days at once.
        for (int i = 0; i < toRead.size(); ) {
            int j = i + 1;
            while (j < toRead.size() && toRead.get(j).equals(toRead.get(j - 1).plus(Duration.ofHours(1)))) j++;
            latencyWindows.sketches(LatencyWindows.Range.startingIn(toRead.get(i),
                    toRead.get(j - 1).plus(Duration.ofHours(1))), w -> baselineHours
                    .computeIfAbsent(key(w.testId(), w.modelName(), w.tier(), w.deviceClass()), k -> new TreeMap<>())
                    .merge(w.start().truncatedTo(ChronoUnit.HOURS), w.sketch(),
                            FleetSnapshotReader::merge));
            i = j;
        }
        toRead.forEach(hour -> baselineStamps.put(hour, stamps.get(hour)));
        Map<SeriesKey, DDQuantileSketch> merged = new HashMap<>();
        baselineHours.values().removeIf(TreeMap::isEmpty);
        baselineHours.forEach((key, hours) -> {
            DDQuantileSketch all = null;
            for (DDQuantileSketch h : hours.values()) {
                all = all == null ? h.copy() : merge(all, h);
            }
            merged.put(key, all);
        });
        return merged;
    }

    private List<DivergenceSeries> divergence(Instant since) {
        return divergenceWindows.byModelSince(since).stream()
                .map(m -> new DivergenceSeries(m.modelName(), precision(m.candidatePrecision()), m.deviceClass(),
                        m.summary())).toList();
    }

    /** Per test, its inferences since {@code since} and those made on a device inside a throttle episode. */
    private List<ThrottleShare> throttle(Instant since, Instant now) {
        return warehouse.query("""
                SELECT i.test_id AS test_id, count() AS inferences, countIf%s AS throttled
                FROM (SELECT test_id, device_id, event_time FROM %s WHERE event_time >= ?) AS i
                %s
                GROUP BY test_id
                """.formatted(ThrottleService.DURING_EPISODE, InferenceCounts.EVENTS,
                ThrottleService.EPISODE_OF_EACH_INFERENCE), rs -> new ThrottleShare(rs.getString("test_id"),
                rs.getLong("inferences"), rs.getLong("throttled")), since, now, now, since);
    }

    private List<DeviceLastSeen> devices(Instant now) {
        return heardFrom(warehouse, now, DEVICE_HORIZON, "").stream()
                .map(d -> new DeviceLastSeen(d.deviceId(), d.deviceClass(), d.lastHeard(), d.clockOffset())).toList();
    }

    /**
     * A device as the fleet's readers show it: when it was last heard from and its clock offset (null when not
     * measured lately).
     */
    public record HeardFrom(String deviceId, String deviceClass, String tier, Instant lastHeard, Duration clockOffset) {
    }

    /**
     * Every device heard from within {@code horizon} before {@code now}, by device id. Last heard from is the later
     * of its newest event time and when the broker last received something of it: a live device whose clock runs
     * behind is not silent. A device whose clock is so far behind that its event times fall before the horizon is
     * still listed when the broker received something of it lately, and its offset says why. {@code deviceId} narrows
     * it to that device (its page), empty for the whole fleet.
     */
    public static List<HeardFrom> heardFrom(Warehouse warehouse, Instant now, Duration horizon, String deviceId) {
        Instant since = now.minus(horizon);
        Map<String, DeviceClock> clocks = clocks(warehouse, now, deviceId);
        // Each device's newest event time, kept per device (device_heard, V034), not read from a horizon of events.
        List<HeardFrom> devices = new ArrayList<>(warehouse.query("""
                SELECT device_id, any(device_class) AS device_class, any(tier) AS tier, max(last_event) AS last_seen
                FROM parallax.device_heard
                WHERE ? = '' OR device_id = ?
                GROUP BY device_id
                HAVING last_seen >= ?
                """, rs -> {
            DeviceClock clock = clocks.remove(rs.getString("device_id"));
            Instant lastHeard = instant(rs, "last_seen");
            if (clock != null && clock.lastReceived().isAfter(lastHeard)) lastHeard = clock.lastReceived();
            return new HeardFrom(rs.getString("device_id"), rs.getString("device_class"), rs.getString("tier"),
                    lastHeard, clock == null ? null : clock.offset());
        }, deviceId, deviceId, since));
        clocks.forEach((device, clock) -> devices.add(
                new HeardFrom(device, clock.deviceClass(), clock.tier(), clock.lastReceived(), clock.offset())));
        devices.sort(Comparator.comparing(HeardFrom::deviceId));
        return devices;
    }

    /** A device's clock as its recently received events show it (see {@link DeviceLastSeen#clockOffset()}). */
    public record DeviceClock(String deviceClass, String tier, Instant lastReceived, Duration offset) {
    }

    /**
     * One row per device the broker received events of since a time: {@code device_id}, {@code device_class},
     * {@code tier}, {@code last_received} and {@code offset_ms} (see {@link #clocks}). Its {@code ?} in order: the
     * since, the device id twice (empty for every device), then the same three again. The devices list joins it, so
     * that the offset it sorts by is the one the rule and the overview measure.
     */
    public static final String CLOCKS = """
            SELECT device_id, any(device_class) AS device_class, any(tier) AS tier,
                max(received_at) AS last_received,
                max(toUnixTimestamp64Milli(event_time) - toUnixTimestamp64Milli(received_at)) AS offset_ms
            FROM (
                SELECT device_id, device_class, tier, event_time, received_at
                FROM parallax.inference_events WHERE received_at >= ? AND (? = '' OR device_id = ?)
                UNION ALL
                SELECT device_id, device_class, tier, event_time, received_at
                FROM parallax.device_samples WHERE received_at >= ? AND (? = '' OR device_id = ?)
            )
            GROUP BY device_id
            """;

    /**
     * The clock of every device the broker received events of (inference events or device samples) in the
     * {@link DeviceLastSeen#CLOCK_WINDOW} before {@code now}: its offset is the largest
     * {@code event_time − received_at} among them. Transport only delays, so the largest is the best estimate of
     * how far the device's clock is ahead (positive) or behind (negative) the broker's; a backlog replayed from a
     * spool does not lower it while the device also sends live events. One query over both tables. {@code deviceId}
     * narrows it to that device, empty for every device.
     */
    public static Map<String, DeviceClock> clocks(Warehouse warehouse, Instant now, String deviceId) {
        Instant since = now.minus(DeviceLastSeen.CLOCK_WINDOW);
        Map<String, DeviceClock> clocks = new HashMap<>();
        warehouse.query(CLOCKS, rs -> clocks.put(rs.getString("device_id"), new DeviceClock(rs.getString("device_class"),
                rs.getString("tier"), instant(rs, "last_received"), Duration.ofMillis(rs.getLong("offset_ms")))),
                since, deviceId, deviceId, since, deviceId, deviceId);
        return clocks;
    }

    private DeadLetterCount deadLetters(Instant since) {
        return warehouse.query("""
                SELECT count() AS letters, argMax(reason, received_at) AS latest
                FROM parallax.dead_letters WHERE received_at >= ?
                """, rs -> new DeadLetterCount(rs.getLong("letters"), rs.getString("latest")), since).getFirst();
    }

    private static SeriesKey key(String testId, String model, String tier, String deviceClass) {
        return new SeriesKey(testId, model, Tier.valueOf(tier), deviceClass);
    }

    private static Precision precision(String name) {
        try {
            return Precision.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Precision.OTHER;
        }
    }

    static DDQuantileSketch merge(DDQuantileSketch a, DDQuantileSketch b) {
        a.merge(b);
        return a;
    }
}
