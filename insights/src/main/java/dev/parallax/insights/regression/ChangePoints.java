package dev.parallax.insights.regression;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.analytics.changepoint.MeanShift;
import dev.parallax.analytics.regression.MetricChange;
import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Change points over runs, found and kept in {@code change_points} (migration V018), and their expected-change marks
 * ({@code change_point_expectations}, V019); {@link StoredChangePoints} reads them.
 *
 * <p>A series is analysed whole when someone needs its change points (the gate, a report, the UI's background
 * analysis; the gate only reads, {@link #find}): the detector is
 * incremental in memory, but a series of even a thousand runs is analysed in milliseconds, far less than reading it.
 * Each analysis writes what it found with a higher version, and a change point it no longer finds (a merge can drop
 * one as more runs arrive) again as retracted, so the table always says what the newest analysis says.
 */
public final class ChangePoints {

    /**
     * The most series one read names: its SQL lists them, and the engine parses a query of at most 256 KiB
     * ({@code max_query_size}); 200 keys take some 15 KiB a list.
     */
    static final int SERIES_PER_READ = 200;

    private static final String KEY = "test_id = ? AND model_name = ? AND precision = ? AND tier = ? AND device_class = ?";

    private final Warehouse warehouse;
    private final RunSeriesReader reader;
    private final StoredChangePoints stored;
    private final ChangePointSettings settings;
    private final Clock clock;

    public ChangePoints(Warehouse warehouse, RunSeriesReader reader, ChangePointSettings settings, Clock clock) {
        this.warehouse = warehouse;
        this.reader = reader;
        this.stored = new StoredChangePoints(warehouse);
        this.settings = settings;
        this.clock = clock;
    }

    public ChangePointSettings settings() {
        return settings;
    }

    /**
     * Reads the series and finds its change points in every metric, with their expected-change marks, storing nothing
     * (for readers such as the gate, which holds no write grant).
     */
    public SeriesAnalysis find(SeriesKey key) {
        return find(List.of(key)).get(key);
    }

    /**
     * {@link #find(SeriesKey)} of several series, read together: one read of their runs and one of their marks per
     * {@value #SERIES_PER_READ} series.
     */
    public Map<SeriesKey, SeriesAnalysis> find(Collection<SeriesKey> keys) {
        List<SeriesKey> asked = List.copyOf(keys);
        Instant now = clock.instant();
        Map<SeriesKey, SeriesAnalysis> analyses = new LinkedHashMap<>();
        for (int from = 0; from < asked.size(); from += SERIES_PER_READ) {
            Map<SeriesKey, RunSeries> series = reader.series(asked.subList(from,
                    Math.min(asked.size(), from + SERIES_PER_READ)));
            Map<SeriesKey, Map<String, String>> marks = stored.expectedBy(series.keySet());
            series.forEach((key, runs) -> analyses.put(key, analysis(runs, marks.getOrDefault(key, Map.of()), now)));
        }
        return analyses;
    }

    private SeriesAnalysis analysis(RunSeries series, Map<String, String> marks, Instant now) {
        SeriesKey key = series.key();
        List<RunChange> changes = new ArrayList<>();
        for (RunMetric metric : RunMetric.values()) {
            List<RunFigures> runs = series.runsWith(metric);
            for (MetricChange change : MetricChange.find(metric, settings, RunSeries.values(runs, metric))) {
                RunFigures run = runs.get(change.index());
                MeanShift shift = change.shift();
                changes.add(new RunChange(key, metric, run.runId(), run.start(), change.index(), shift.runsBefore(),
                        shift.runsAfter(), shift.meanBefore(), shift.meanAfter(), shift.relativeChange(),
                        shift.magnitude(), shift.pValue(), change.regression(), now,
                        marks.get(StoredChangePoints.markKey(metric, run.runId()))));
            }
        }
        return new SeriesAnalysis(series, changes);
    }

    /** {@link #find}, then stores what it found and retracts what was stored but is no longer found. */
    public SeriesAnalysis analyse(SeriesKey key) {
        return analyse(List.of(key)).get(key);
    }

    /** {@link #analyse(SeriesKey)} of several series, read together as {@link #find(Collection)} reads them. */
    public Map<SeriesKey, SeriesAnalysis> analyse(Collection<SeriesKey> keys) {
        Map<SeriesKey, SeriesAnalysis> analyses = find(keys);
        analyses.forEach(this::store);
        return analyses;
    }

    private void store(SeriesKey key, SeriesAnalysis analysis) {
        Instant now = clock.instant();
        long version = version(now);
        Set<String> found = new HashSet<>();
        for (RunChange c : analysis.changes()) {
            found.add(StoredChangePoints.markKey(c.metric(), c.runId()));
            warehouse.update("""
                    INSERT INTO parallax.change_points (test_id, model_name, precision, tier, device_class, metric,
                        run_id, run_start, series_index, runs_before, runs_after, mean_before, mean_after,
                        relative_change, magnitude, p_value, regression, retracted, detected_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                    """, key.testId(), key.model(), key.precision(), key.tier(), key.deviceClass(), c.metric().id(),
                    c.runId(), c.runStart(), c.index(), c.runsBefore(), c.runsAfter(), c.meanBefore(), c.meanAfter(),
                    c.relativeChange(), c.magnitude(), c.pValue(), c.regression() ? 1 : 0, now, version);
        }
        for (RunChange stale : stored.ofSeries(key)) {
            if (!found.contains(StoredChangePoints.markKey(stale.metric(), stale.runId()))) {
                warehouse.update("""
                        INSERT INTO parallax.change_points
                        SELECT * REPLACE (1 AS retracted, ? AS detected_at, ? AS version)
                        FROM parallax.change_points FINAL WHERE %s AND metric = ? AND run_id = ?
                        """.formatted(KEY),
                        now, version, key.testId(), key.model(), key.precision(), key.tier(), key.deviceClass(),
                        stale.metric().id(), stale.runId());
            }
        }
    }

    /** See {@link StoredChangePoints#ofTest}. */
    public List<RunChange> ofTest(String testId, Instant from, Instant to) {
        return stored.ofTest(testId, from, to);
    }

    /**
     * Marks a change point as expected (an intended change: a new model version, another power mode), after which it
     * no longer fails the gate. The mark is an event: who, when and why stay on record.
     *
     * @throws IllegalArgumentException when no such change point is in force
     */
    public void expect(SeriesKey key, RunMetric metric, String runId, String user, String note) {
        List<RunChange> point = stored.at(key, metric, runId);
        if (point.isEmpty()) {
            throw new IllegalArgumentException("no change point in " + metric.label() + " of " + key + " at run "
                    + runId);
        }
        warehouse.update("""
                INSERT INTO parallax.change_point_expectations (test_id, model_name, precision, tier, device_class,
                    metric, run_id, expected_by, expected_at, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, key.testId(), key.model(), key.precision(), key.tier(), key.deviceClass(), metric.id(), runId,
                user, clock.instant(), note == null ? "" : note.strip());
    }

    /** A version above every stored one, even for two analyses in the same millisecond. */
    private long version(Instant now) {
        Long last = warehouse.query("SELECT max(version) FROM parallax.change_points", rs -> rs.getLong(1)).getFirst();
        return Math.max(now.toEpochMilli(), last + 1);
    }
}
