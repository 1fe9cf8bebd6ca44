package dev.parallax.insights.regression;

import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.insights.divergence.DivergencePairs.Candidate;
import dev.parallax.insights.divergence.DivergencePairs.RunDivergence;
import dev.parallax.insights.divergence.DivergencePairs;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The series of runs (issue 16): per (test, model, precision, tier, device class), each run's figures in order of
 * its start (its {@code STARTED} run event, else its first inference in the series).
 *
 * <p>Latency percentiles are exact quantiles of the run's own successful inferences, computed by the warehouse, not
 * merges of the stored window sketches: {@code latency_windows} are per key and minute, not per run, so a run's
 * first and last minutes (and any minute two runs of a key share) hold other runs' inferences too. Energy is SPEC
 * §8's net power × latency, mean per inference; the throttled share counts the run's successful inferences inside a
 * throttle episode of their device; flip rate and mean SQNR (capped as everywhere, so identical outputs do not
 * make it infinite) come from the run's divergence pairs. Those pairs carry no tier: a device class is one tier in
 * practice, so they are matched by device class. Every read is of deduplicated rows ({@code FINAL}).
 */
public class RunSeriesReader {

    /** The most runs a read of figures from the events names; beyond, it reads every run of its series. */
    static final int RUNS_NAMED = 1_000;
    private static final Comparator<RunFigures> IN_ORDER =
            Comparator.comparing(RunFigures::start).thenComparing(RunFigures::runId);
    private static final Logger LOG = LoggerFactory.getLogger(RunSeriesReader.class);

    private final Warehouse warehouse;
    private final DivergencePairs pairs;
    private final StoredRunFigures stored;
    private final boolean keeps;

    /** A reader that only reads (the CI gate's grants): it computes what is not stored, and keeps nothing. */
    public RunSeriesReader(Warehouse warehouse) {
        this(warehouse, Duration.ZERO, false);
    }

    private RunSeriesReader(Warehouse warehouse, Duration settle, boolean keeps) {
        this.warehouse = warehouse;
        this.pairs = new DivergencePairs(warehouse);
        this.stored = new StoredRunFigures(warehouse, settle);
        this.keeps = keeps;
    }

    /**
     * A reader that also keeps the figures it computes of runs none of whose events was stored for {@code settle}, for
     * every later read (needs the grant).
     */
    public static RunSeriesReader keeping(Warehouse warehouse, Duration settle) {
        return new RunSeriesReader(warehouse, settle, true);
    }

    /** The series the run's successful inferences belong to. */
    public List<SeriesKey> keysOfRun(String runId) {
        return keys("run_id = ?", runId);
    }

    /** The series with a run that made an inference in {@code [from, to)}. */
    public List<SeriesKey> keysActiveBetween(Instant from, Instant to) {
        return keys("event_time >= ? AND event_time < ? AND run_id != ''", from, to);
    }

    /**
     * The series with a run any of whose events was stored since {@code since} (by the engine's clock, {@code
     * run_arrivals}), however long ago the run was: a spool replayed after days offline changes an old run's figures,
     * and with them the series' change points.
     */
    public List<SeriesKey> keysStoredSince(Instant since) {
        return warehouse.query("""
                SELECT test_id, model_name, precision, tier, device_class FROM parallax.run_arrivals
                GROUP BY test_id, model_name, precision, tier, device_class HAVING max(last_stored) >= ?
                ORDER BY test_id, model_name, precision, tier, device_class
                """, SeriesKey::of, since);
    }

    public RunSeries series(SeriesKey key) {
        return series(List.of(key)).get(key);
    }

    /**
     * The series of {@code keys}, read together: one read of their runs' stored figures, one for the runs whose figures
     * must be computed from the events (none stored, stale, or still receiving events) and one for their divergence
     * pairs, however many series (a page of runs costs three reads, not three per series). A key without runs maps to
     * an empty series.
     */
    public Map<SeriesKey, RunSeries> series(Collection<SeriesKey> keys) {
        List<SeriesKey> asked = List.copyOf(new LinkedHashSet<>(keys));
        Map<SeriesKey, RunSeries> series = new LinkedHashMap<>();
        if (asked.isEmpty()) {
            return series;
        }
        // Per candidate's pairs, each run's flip rate and mean SQNR.
        Map<Candidate, Map<String, RunDivergence>> divergence = pairs.perRun(asked.stream()
                .map(RunSeriesReader::candidate).distinct().toList());
        Map<SeriesKey, List<RunFigures>> runs = new HashMap<>();
        Map<RunOf, StoredRunFigures.Run> toCompute = new HashMap<>();
        for (StoredRunFigures.Run run : stored.runs(asked)) {
            if (run.figures() == null) {
                toCompute.put(new RunOf(run.key(), run.runId()), run);
            } else {
                add(runs, run.key(), run.runId(), run.figures(), divergence);
            }
        }
        List<StoredRunFigures.Kept> kept = new ArrayList<>();
        computed(asked, toCompute.values()).forEach(c -> {
            StoredRunFigures.Run run = toCompute.get(new RunOf(c.key(), c.runId()));
            if (run != null) { // without a filter by run, the others come too: their stored figures hold
                add(runs, c.key(), c.runId(), c.figures(), divergence);
                if (keeps && run.settled()) {
                    kept.add(new StoredRunFigures.Kept(run, c.firstEvent(), c.figures()));
                }
            }
        });
        keep(kept);
        asked.forEach(k -> series.put(k, new RunSeries(k, runs.getOrDefault(k, List.of()).stream()
                .sorted(IN_ORDER).toList())));
        return series;
    }

    /** A run in one of its series. */
    private record RunOf(SeriesKey key, String runId) {
    }

    /** Figures computed from the events, and the run's first successful inference there. */
    private record Computed(SeriesKey key, String runId, Instant firstEvent, StoredRunFigures.Figures figures) {
    }

    /**
     * The figures of {@code runs} from their deduplicated events: only theirs when they are few enough to name,
     * else every run of the series, always only over their span of event time. An episode still open lasts until now.
     */
    private List<Computed> computed(List<SeriesKey> keys, Collection<StoredRunFigures.Run> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        Instant from = runs.stream().map(StoredRunFigures.Run::firstEvent).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = runs.stream().map(StoredRunFigures.Run::lastEvent).max(Comparator.naturalOrder()).orElseThrow();
        boolean named = runs.size() <= RUNS_NAMED;
        List<Object> params = new ArrayList<>(List.of(SeriesKey.values(keys)));
        params.addAll(List.of(from, to));
        if (named) {
            runs.forEach(r -> params.add(r.runId()));
        }
        Instant now = Instant.now();
        params.addAll(List.of(now, now, Instant.EPOCH));
        params.addAll(List.of(SeriesKey.values(keys)));
        return warehouse.query("""
                SELECT a.test_id AS test_id, a.model_name AS model_name, a.precision AS precision, a.tier AS tier,
                    a.device_class AS device_class, a.run_id AS run_id, a.first AS first,
                    if(r.run_id = '', a.first, r.started) AS start, a.inferences AS inferences, a.p50 AS p50,
                    a.p99 AS p99, a.energy_j AS energy_j, a.throttled_share AS throttled_share
                FROM (
                    SELECT i.test_id AS test_id, i.model_name AS model_name, i.precision AS precision, i.tier AS tier,
                        i.device_class AS device_class, i.run_id AS run_id, min(i.event_time) AS first,
                        count() AS inferences,
                        quantileExact(0.5)(i.latency_ms) AS p50, quantileExact(0.99)(i.latency_ms) AS p99,
                        avgIf(greatest(i.power_w - i.idle_power_w, 0) * i.latency_ms / 1000,
                              i.power_w IS NOT NULL AND i.idle_power_w IS NOT NULL) AS energy_j,
                        countIf%s / count() AS throttled_share
                    FROM (
                        SELECT test_id, model_name, precision, tier, device_class, run_id, device_id, event_time,
                            latency_ms, power_w, idle_power_w
                        FROM parallax.inference_events FINAL
                        WHERE %s AND event_time >= ? AND event_time <= ? AND run_id != ''%s AND status = 'OK'
                          AND latency_ms IS NOT NULL
                    ) AS i
                    %s
                    GROUP BY i.test_id, i.model_name, i.precision, i.tier, i.device_class, i.run_id
                ) AS a
                LEFT JOIN (%s) AS r ON a.run_id = r.run_id
                """.formatted(ThrottleService.DURING_EPISODE, SeriesKey.oneOf(keys.size()),
                named ? " AND run_id IN (" + Warehouse.placeholders(runs.size(), 1) + ")" : "",
                ThrottleService.EPISODE_OF_EACH_INFERENCE, StoredRunFigures.STARTED.formatted(
                        SeriesKey.oneOf(keys.size()))), rs -> new Computed(SeriesKey.of(rs),
                        rs.getString("run_id"), Warehouse.instant(rs, "first"), new StoredRunFigures.Figures(
                        Warehouse.instant(rs, "start"), rs.getLong("inferences"), Warehouse.number(rs, "p50"),
                        Warehouse.number(rs, "p99"), Warehouse.number(rs, "energy_j"),
                        Warehouse.number(rs, "throttled_share"))), params.toArray());
    }

    /** Keeps settled runs' figures; a reader that cannot (a grant missing) still has them for this read. */
    private void keep(List<StoredRunFigures.Kept> kept) {
        try {
            stored.keep(kept);
        } catch (Warehouse.WarehouseException e) {
            LOG.warn("cannot keep {} runs' figures (they are computed again next time): {}", kept.size(),
                    e.getMessage());
        }
    }

    /** The latencies of the run's successful inferences in the series, ascending (for percentile bounds). */
    public double[] latencies(SeriesKey key, String runId) {
        return warehouse.query("""
                SELECT latency_ms FROM parallax.inference_events FINAL
                WHERE test_id = ? AND model_name = ? AND precision = ? AND tier = ? AND device_class = ?
                  AND run_id = ? AND status = 'OK' AND latency_ms IS NOT NULL
                ORDER BY latency_ms
                """, rs -> rs.getDouble(1), key.testId(), key.model(), key.precision(), key.tier(),
                key.deviceClass(), runId).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A run's figures in its series, with its flip rate and mean SQNR when it has divergence pairs. */
    private static void add(Map<SeriesKey, List<RunFigures>> runs, SeriesKey key, String runId,
                            StoredRunFigures.Figures figures, Map<Candidate, Map<String, RunDivergence>> divergence) {
        Map<RunMetric, Double> values = new EnumMap<>(RunMetric.class);
        put(values, RunMetric.P50_LATENCY_MS, figures.p50());
        put(values, RunMetric.P99_LATENCY_MS, figures.p99());
        put(values, RunMetric.ENERGY_J, figures.energyJ());
        put(values, RunMetric.THROTTLED_SHARE, figures.throttledShare());
        RunDivergence pairs = divergence.getOrDefault(candidate(key), Map.of()).get(runId);
        if (pairs != null) {
            put(values, RunMetric.FLIP_RATE, pairs.flipRate());
            put(values, RunMetric.SQNR_DB, pairs.sqnrDb());
        }
        runs.computeIfAbsent(key, k -> new ArrayList<>()).add(new RunFigures(runId, figures.start(),
                figures.inferences(), values));
    }

    private static void put(Map<RunMetric, Double> values, RunMetric metric, double value) {
        if (Double.isFinite(value)) {
            values.put(metric, value);
        }
    }

    /**
     * What divergence pairs are matched to a series by: they carry no tier, and a device class is one tier in practice.
     */
    private static Candidate candidate(SeriesKey key) {
        return new Candidate(key.testId(), key.model(), key.precision(), key.deviceClass());
    }

    private List<SeriesKey> keys(String where, Object... params) {
        // where is one of the constant conditions above; values are bound.
        return warehouse.query("SELECT DISTINCT test_id, model_name, precision, tier, device_class"
                + " FROM parallax.inference_events WHERE status = 'OK' AND " + where
                + " ORDER BY test_id, model_name, precision, tier, device_class",
                SeriesKey::of, params);
    }
}
