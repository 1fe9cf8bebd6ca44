package dev.parallax.insights.regression;

import dev.parallax.insights.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The runs' figures kept in {@code run_figures} (migration V033), and what tells whether they still hold: the time each
 * run's events were last stored ({@code run_arrivals}, V030, stamped by the engine on every insert, late or resent)
 * and the throttle episodes of its devices during it. A run whose events were stored after its figures, or whose
 * episodes changed, has its figures computed again from the events ({@link RunSeriesReader}); so does a run still
 * receiving events.
 *
 * <p>Figures are kept only for a run none of whose events was stored in a while ({@code settle},
 * {@code regression.figures.settle.seconds}) before the read that computed them: a run in progress is computed each
 * time instead of written on every read. The same margin covers an insert whose stamp is earlier than the moment its
 * rows could be read.
 */
final class StoredRunFigures {

    private static final String KEY_COLUMNS = "test_id, model_name, precision, tier, device_class, run_id";
    private static final String SAME_RUN = "a.test_id = %1$s.test_id AND a.model_name = %1$s.model_name"
            + " AND a.precision = %1$s.precision AND a.tier = %1$s.tier AND a.device_class = %1$s.device_class"
            + " AND a.run_id = %1$s.run_id";
    /** The span, devices and last store of each run of the series asked ({@link SeriesKey#oneOf}). */
    private static final String ARRIVALS = """
            SELECT test_id, model_name, precision, tier, device_class, run_id, min(first_event) AS first_event,
                max(last_event) AS last_event, groupUniqArrayArray(devices) AS devices,
                max(last_stored) AS last_stored
            FROM parallax.run_arrivals
            WHERE %s
            GROUP BY test_id, model_name, precision, tier, device_class, run_id
            """;
    /**
     * Per run, a sum of hashes of the throttle episodes (id and version, each once: {@code FINAL}) of its devices
     * that overlap it, an open one lasting for ever: a new, amended or closed episode changes it.
     */
    private static final String EPISODES = """
            SELECT r.test_id AS test_id, r.model_name AS model_name, r.precision AS precision, r.tier AS tier,
                r.device_class AS device_class, r.run_id AS run_id,
                sum(reinterpretAsInt64(cityHash64(e.device_id, e.episode_id, e.version))) AS episodes
            FROM (SELECT *, arrayJoin(devices) AS device_id FROM (%1$s)) AS r
            INNER JOIN (
                SELECT CAST(device_id AS String) AS device_id, episode_id, version, start_time,
                    coalesce(end_time, toDateTime64('2200-01-01 00:00:00', 3, 'UTC')) AS end_time
                FROM parallax.throttle_episodes FINAL
                WHERE device_id IN (SELECT arrayJoin(devices) FROM (%1$s))
            ) AS e ON r.device_id = e.device_id
            WHERE e.start_time <= r.last_event AND e.end_time >= r.first_event
            GROUP BY r.test_id, r.model_name, r.precision, r.tier, r.device_class, r.run_id
            """;

    /**
     * The STARTED time of each run of the series asked ({@link SeriesKey#oneOf}, its values bound once), joined on as a
     * run's start: a run without one starts at its first successful inference.
     */
    static final String STARTED = """
            SELECT run_id, min(event_time) AS started FROM parallax.runs
            WHERE phase = 'STARTED' AND run_id IN (SELECT run_id FROM parallax.run_arrivals WHERE %s)
            GROUP BY run_id""";

    private final Warehouse warehouse;
    private final Duration settle;

    StoredRunFigures(Warehouse warehouse, Duration settle) {
        this.warehouse = warehouse;
        this.settle = settle;
    }

    /**
     * A run of a series asked: its stored figures when they hold ({@code figures}, else null), and what keeping
     * figures computed now would record.
     *
     * @param firstEvent its first event in the series, of any status
     * @param lastEvent its last
     * @param settled whether none of its events was stored after {@code through}
     * @param episodes the sum of its episodes' hashes now
     * @param through a time before this read began, less the time to settle
     */
    record Run(SeriesKey key, String runId, Instant firstEvent, Instant lastEvent, boolean settled, long episodes,
               Instant through, Figures figures) {
    }

    /** Figures as stored: {@code start} is the run's first successful inference, or its STARTED event's time. */
    record Figures(Instant start, long inferences, double p50, double p99, double energyJ, double throttledShare) {
    }

    /** Every run of the series (one read, however many), with its stored figures where they still hold. */
    List<Run> runs(Collection<SeriesKey> keys) {
        String arrivals = ARRIVALS.formatted(SeriesKey.oneOf(keys.size()));
        Object[] key = SeriesKey.values(keys);
        List<Object> params = new ArrayList<>(List.of(settle.toMillis()));
        for (int i = 0; i < 5; i++) { // the series' list is in the SQL five times
            params.addAll(List.of(key));
        }
        return warehouse.query("""
                SELECT a.test_id AS test_id, a.model_name AS model_name, a.precision AS precision, a.tier AS tier,
                    a.device_class AS device_class, a.run_id AS run_id, a.first_event AS first_event,
                    a.last_event AS last_event, now64(3, 'UTC') - toIntervalMillisecond(?) AS read_through,
                    a.last_stored <= read_through AS settled,
                    c.episodes AS episodes, f.through >= a.last_stored AND f.episodes = c.episodes AS holds,
                    if(s.run_id = '', f.first_event, s.started) AS start, f.inferences AS inferences, f.p50_ms AS p50,
                    f.p99_ms AS p99, f.energy_j AS energy_j, f.throttled_share AS throttled_share
                FROM (%1$s) AS a
                LEFT JOIN (%2$s) AS c ON %3$s
                LEFT JOIN (SELECT * FROM parallax.run_figures FINAL WHERE %4$s) AS f ON %5$s
                LEFT JOIN (%6$s) AS s ON a.run_id = s.run_id
                """.formatted(arrivals, EPISODES.formatted(arrivals), SAME_RUN.formatted("c"),
                SeriesKey.oneOf(keys.size()), SAME_RUN.formatted("f"), STARTED.formatted(SeriesKey.oneOf(keys.size()))),
                StoredRunFigures::run, params.toArray());
    }

    private static Run run(ResultSet rs) throws SQLException {
        Figures figures = rs.getInt("holds") == 1 ? new Figures(Warehouse.instant(rs, "start"),
                rs.getLong("inferences"), Warehouse.number(rs, "p50"), Warehouse.number(rs, "p99"),
                Warehouse.number(rs, "energy_j"), Warehouse.number(rs, "throttled_share")) : null;
        return new Run(SeriesKey.of(rs), rs.getString("run_id"), Warehouse.instant(rs, "first_event"),
                Warehouse.instant(rs, "last_event"), rs.getInt("settled") == 1, rs.getLong("episodes"),
                Warehouse.instant(rs, "read_through"), figures);
    }

    /** Keeps figures computed from the events. */
    void keep(List<Kept> figures) {
        if (figures.isEmpty()) {
            return;
        }
        warehouse.insert("INSERT INTO parallax.run_figures (" + KEY_COLUMNS + ", first_event, inferences, p50_ms,"
                        + " p99_ms, energy_j, throttled_share, episodes, through)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                figures.stream().map(k -> new Object[] {k.run().key().testId(), k.run().key().model(),
                        k.run().key().precision(), k.run().key().tier(), k.run().key().deviceClass(),
                        k.run().runId(), k.firstEvent(), k.figures().inferences(), nullable(k.figures().p50()),
                        nullable(k.figures().p99()), nullable(k.figures().energyJ()),
                        nullable(k.figures().throttledShare()), k.run().episodes(), k.run().through()}).toList());
    }

    /** Figures computed from the events of a settled {@code run}, to keep; {@code firstEvent}: its first inference. */
    record Kept(Run run, Instant firstEvent, Figures figures) {
    }

    private static Double nullable(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
