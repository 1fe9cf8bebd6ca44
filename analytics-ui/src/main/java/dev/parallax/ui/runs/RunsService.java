package dev.parallax.ui.runs;

import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RegressionGate;
import dev.parallax.insights.regression.RunSeriesReader;
import dev.parallax.insights.regression.SeriesKey;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Runs as the warehouse holds them, a page at a time, each with the CI gate's verdict ({@link RegressionGate}: the
 * same analysis the gate runs in CI, on the series as they stand when the page is read). Only the page asked for is
 * read and judged, its series read together. A period's runs are listed from {@code run_hours}, where and when each
 * run's inferences were, and only the page's rows are counted on the raw events (issue 15: the week's runs page had
 * counted every event of the week to list 50 rows, and again to count them).
 */
@Service
public class RunsService {

    /** The columns a list of runs may be sorted by, and their SQL: nothing else reaches the ORDER BY. */
    public enum SortColumn {
        RUN("run_id"), TEST("test_id"), MODEL("model_name"), PRECISION("precision"), TIER("tier"),
        DEVICE_CLASS("device_class"), START("started"), END("ended"), INFERENCES("inferences"), ERRORS("errors");

        private final String sql;

        SortColumn(String sql) {
            this.sql = sql;
        }
    }

    public record Sort(SortColumn column, boolean descending) {
    }

    private static final Sort NEWEST_FIRST = new Sort(SortColumn.START, true);
    /** The most rows an export holds: a CSV a spreadsheet still opens. */
    public static final int EXPORT_LIMIT = 100_000;
    /** Rows an export reads and judges at a time: what it holds in memory besides the gate's series. */
    private static final int EXPORT_CHUNK = 5_000;
    /**
     * The most rows {@link #counted} counts: it names their runs and tests in its SQL, which the engine parses up to
     * 256 KiB ({@code max_query_size}); more rows (an export's chunk) are counted as they are listed.
     */
    private static final int COUNTED_AT_MOST = 200;

    /** The filter's narrowing but by device, on a row's unaliased columns; {@code ?}: {@link #runNarrowing}. */
    private static final String RUN_NARROWED = """
            (? = '' OR positionCaseInsensitive(concat(run_id, ' ', test_id, ' ', model_name, ' ', device_class), ?) > 0)
              AND (? = '' OR run_id = ?) AND (? = '' OR test_id = ?) AND (? = '' OR tier = ?)""";

    /** The filter's narrowing besides its period, on a row's unaliased columns; {@code ?}: {@link #narrowing}. */
    private static final String NARROWED = RUN_NARROWED + " AND (? = '' OR device_id = ?)";

    /** A row's inferences and errors counting each event id once, on events read without FINAL. */
    private static final String DISTINCT_COUNTS =
            "uniqExact(event_id) AS inferences, uniqExactIf(event_id, status != 'OK') AS errors";

    /** Each row's last run event's phase, joined on as {@code r}. */
    private static final String PHASES = """
            LEFT JOIN (
                SELECT run_id, argMax(phase, event_time) AS phase FROM parallax.runs GROUP BY run_id
            ) AS r ON i.run_id = r.run_id
            """;

    /**
     * One row per run and series, of the events {@code %1$s} (see {@link #rows}) counted by {@code %2$s};
     * {@code ?} order: the period, then the filter's narrowing.
     */
    private static final String ROWS = """
            SELECT i.run_id AS run_id, test_id, model_name, precision, tier, device_class, one_device, devices, started,
                ended, inferences, errors, r.phase AS phase
            FROM (
                SELECT run_id, test_id, model_name, precision, tier, device_class, any(device_id) AS one_device,
                    uniqExact(device_id) AS devices, min(event_time) AS started, max(event_time) AS ended, %2$s
                FROM %1$s
                WHERE run_id != '' AND event_time >= ? AND event_time < ? AND %3$s
                GROUP BY run_id, test_id, model_name, precision, tier, device_class
            ) AS i
            """ + PHASES;

    /**
     * One row per run and series with events in the period, without their counts: from {@code run_hours} (V027) for
     * the period's whole hours, and from the raw events of its partial first and last hour. Every figure here is one
     * a resent copy cannot change, so neither reads each event once. {@code ?} order: the whole hours, the narrowing,
     * the two partial hours' bounds, the narrowing.
     */
    private static final String LISTED = listedNarrowedBy(NARROWED);

    /** {@link #LISTED} of the rows narrowed by {@code where} (on unaliased columns; its values come twice). */
    private static String listedNarrowedBy(String where) {
        return """
            SELECT run_id, test_id, model_name, precision, tier, device_class, any(device_id) AS one_device,
                uniqExact(device_id) AS devices, min(first) AS started, max(last) AS ended
            FROM (
                SELECT run_id, test_id, model_name, precision, tier, device_class, device_id,
                    min(first_event) AS first, max(last_event) AS last
                FROM parallax.run_hours
                WHERE hour >= ? AND hour < ? AND %1$s
                GROUP BY run_id, test_id, model_name, precision, tier, device_class, device_id
                UNION ALL
                SELECT run_id, test_id, model_name, precision, tier, device_class, device_id,
                    min(event_time) AS first, max(event_time) AS last
                FROM parallax.inference_events
                WHERE run_id != '' AND (event_time >= ? AND event_time < ? OR event_time >= ? AND event_time < ?)
                  AND %1$s
                GROUP BY run_id, test_id, model_name, precision, tier, device_class, device_id
            )
            GROUP BY run_id, test_id, model_name, precision, tier, device_class
            """.formatted(where);
    }

    /**
     * The runs with events both before and after the period's start, or its end: {@code run_id IN} these; {@code ?}:
     * the period's start twice, then its end twice.
     */
    private static final String CROSSING = """
            run_id IN (
                SELECT run_id FROM parallax.run_arrivals GROUP BY run_id
                HAVING min(first_event) < ? AND max(last_event) >= ? OR min(first_event) < ? AND max(last_event) >= ?
            )""";

    /**
     * {@link #LISTED} for a filter without a device, reading far less: a run none of whose events lie on both sides of
     * a bound of the period has each series inside the period as one row of {@code run_arrivals} (V030), which holds
     * its first and last event and its devices. Only the runs that cross a bound ({@link #CROSSING}, a few hundred of
     * a week's thousands) are listed as {@link #LISTED} lists them. {@code ?} order: the narrowing, the crossing, the
     * period; then {@link #LISTED}'s with the crossing after each narrowing ({@link #listing}).
     */
    private static final String ARRIVED = """
            SELECT run_id, test_id, model_name, precision, tier, device_class, device_ids[1] AS one_device,
                length(device_ids) AS devices, first_event AS started, last_event AS ended
            FROM (
                SELECT run_id, test_id, model_name, precision, tier, device_class, min(first_event) AS first_event,
                    max(last_event) AS last_event, groupUniqArrayArray(devices) AS device_ids
                FROM parallax.run_arrivals
                WHERE %s AND NOT %s
                GROUP BY run_id, test_id, model_name, precision, tier, device_class
            )
            WHERE first_event >= ? AND last_event < ?
            UNION ALL
            """.formatted(RUN_NARROWED, CROSSING) + listedNarrowedBy(NARROWED + " AND " + CROSSING);

    /** {@code listed} ({@link #LISTED} or {@link #ARRIVED}) with each row's phase. */
    private static String withPhases(String listed) {
        return """
            SELECT i.run_id AS run_id, test_id, model_name, precision, tier, device_class, one_device, devices, started,
                ended, r.phase AS phase
            FROM (
            """ + listed + ") AS i\n" + PHASES;
    }

    private final Warehouse warehouse;
    private final RunSeriesReader reader;
    private final ChangePoints changePoints;
    private final SideBySideReads reads;

    public RunsService(Warehouse warehouse, RunSeriesReader reader, ChangePoints changePoints, SideBySideReads reads) {
        this.warehouse = warehouse;
        this.reads = reads;
        this.reader = reader;
        this.changePoints = changePoints;
    }

    /**
     * A fresh look of the gate, the CI gate's own: it reads the series of the rows it judges together, once each,
     * however many rows and checks it judges. (Keeping analyses between looks cost more than it saved: checking that
     * a series is unchanged reads as much as reading it.)
     */
    public RegressionGate gate() {
        return new RegressionGate(reader, changePoints);
    }

    /** The {@code limit} rows from {@code offset} on in the order asked (newest first by default), judged by a gate. */
    public List<RunRow> page(RunFilter filter, List<Sort> order, int offset, int limit, RegressionGate gate) {
        StringBuilder orderBy = new StringBuilder("ORDER BY ");
        for (Sort s : order.isEmpty() ? List.of(NEWEST_FIRST) : order) {
            orderBy.append(s.column().sql).append(s.descending() ? " DESC, " : " ASC, ");
        }
        // Ties in the order asked for still page the same way every time.
        orderBy.append("run_id, test_id, model_name, precision, tier, device_class LIMIT ? OFFSET ?");
        boolean listed = listed(filter, order) && limit <= COUNTED_AT_MOST;
        Query query = listed ? listing(filter) : rows(filter);
        List<Object> params = new ArrayList<>(query.params());
        params.add(limit);
        params.add(offset);
        // Judged once read: the gate's own queries then do not wait for this one's connection.
        List<RunRow> rows = warehouse.query((listed ? withPhases(query.sql()) : query.sql()) + orderBy, rs -> new RunRow(
                rs.getString("run_id"), SeriesKey.of(rs), rs.getString("one_device"), rs.getLong("devices"),
                Warehouse.instant(rs, "started"), Warehouse.instant(rs, "ended"),
                listed ? 0 : rs.getLong("inferences"), listed ? 0 : rs.getLong("errors"), rs.getString("phase"),
                List.of()), params.toArray());
        // The listed rows' counts are read beside the gate's look at their series.
        List<RunRow> read = rows;
        SideBySideReads.Read<List<RunRow>> counts = listed ? reads.start(() -> counted(read, filter)) : SideBySideReads.done(read);
        gate.lookAt(rows.stream().map(RunRow::key).toList());
        return counts.get().stream().map(r -> r.judged(gate.changesAt(r.key(), r.runId()))).toList();
    }

    /**
     * Up to {@code limit} rows of the filter in the order asked, as {@link #page} reads them, handed to {@code each}
     * a chunk at a time: one look of the gate judges them all, so each series is analysed once.
     */
    public void export(RunFilter filter, List<Sort> order, int limit, Consumer<RunRow> each) {
        export(filter, order, limit, EXPORT_CHUNK, each);
    }

    void export(RunFilter filter, List<Sort> order, int limit, int chunk, Consumer<RunRow> each) {
        RegressionGate look = gate();
        for (int offset = 0; offset < limit; offset += chunk) {
            int asked = Math.min(chunk, limit - offset);
            List<RunRow> rows = page(filter, order, offset, asked, look);
            rows.forEach(each);
            if (rows.size() < asked) {
                return;
            }
        }
    }

    /** How many rows the filter holds. */
    public int count(RunFilter filter) {
        Query query = listed(filter, List.of()) ? listing(filter) : rows(filter);
        return warehouse.query("SELECT count() FROM (" + query.sql() + ")", rs -> rs.getInt(1),
                query.params().toArray()).getFirst();
    }

    /**
     * Whether the rows are listed from {@code run_hours} ({@link #LISTED}) and counted afterwards, a page's rows only
     * ({@link #counted}, up to {@link #COUNTED_AT_MOST}): unless they are sorted by a count, which then needs every
     * row's, or are a run's, which its page reads from the few raw events of its hours anyway ({@link RunScope}).
     */
    private static boolean listed(RunFilter filter, List<Sort> order) {
        return filter.runId().isEmpty() && order.stream()
                .noneMatch(s -> s.column() == SortColumn.INFERENCES || s.column() == SortColumn.ERRORS);
    }

    /**
     * The rows with their inferences and errors, each event once (SPEC §3a: by distinct event id), on the filter's
     * device if it names one. Read from the raw events of the rows' runs and tests between the earliest row's first
     * inference and the latest one's last, all inside the period: the sort key (test, model, time) narrows that to a
     * few granules, where counting a whole period's rows to list them reads every one.
     */
    private List<RunRow> counted(List<RunRow> rows, RunFilter filter) {
        if (rows.isEmpty()) {
            return rows;
        }
        List<String> runIds = rows.stream().map(RunRow::runId).distinct().toList();
        List<String> tests = rows.stream().map(r -> r.key().testId()).distinct().toList();
        List<Object> params = new ArrayList<>(runIds);
        params.addAll(tests);
        params.add(rows.stream().map(RunRow::start).min(Comparator.naturalOrder()).orElseThrow());
        params.add(rows.stream().map(RunRow::end).max(Comparator.naturalOrder()).orElseThrow());
        params.add(filter.deviceId());
        params.add(filter.deviceId());
        record Counted(String runId, SeriesKey key) {
        }
        Map<Counted, long[]> counts = new HashMap<>();
        warehouse.query("""
                SELECT run_id, test_id, model_name, precision, tier, device_class, %s
                FROM parallax.inference_events
                WHERE run_id IN (%s) AND test_id IN (%s) AND event_time >= ? AND event_time <= ?
                  AND (? = '' OR device_id = ?)
                GROUP BY run_id, test_id, model_name, precision, tier, device_class
                """.formatted(DISTINCT_COUNTS, Warehouse.placeholders(runIds.size(), 1),
                Warehouse.placeholders(tests.size(), 1)),
                rs -> counts.put(new Counted(rs.getString("run_id"), SeriesKey.of(rs)),
                        new long[] {rs.getLong("inferences"), rs.getLong("errors")}), params.toArray());
        return rows.stream().map(r -> {
            long[] c = counts.getOrDefault(new Counted(r.runId(), r.key()), new long[2]);
            return r.counted(c[0], c[1]);
        }).toList();
    }

    /**
     * The rows' query for the filter, counted as well. Each event counts once however often it was sent: deduplicated
     * by FINAL, which reads the sort key of every event of the period, or, for a device or a run, by counting distinct
     * event ids of the events that match. Those filters are off the sort key, and FINAL would read the whole period's
     * events to keep the few that match (a device's page: several times slower); without it the engine filters first.
     */
    private static Query rows(RunFilter f) {
        boolean wholePeriod = f.deviceId().isEmpty() && f.runId().isEmpty();
        List<Object> params = new ArrayList<>(List.of(f.period().from(), f.period().to()));
        params.addAll(narrowing(f));
        return new Query(ROWS.formatted(wholePeriod ? InferenceCounts.EVENTS : "parallax.inference_events",
                wholePeriod ? "count() AS inferences, countIf(status != 'OK') AS errors" : DISTINCT_COUNTS, NARROWED),
                params);
    }

    /**
     * The listing's query for the filter, {@link #ARRIVED} unless it names a device, else {@link #LISTED}, with their
     * values: the period's whole hours, and the raw events' time before and after them (the whole period when it
     * holds no whole hour). Periods are whole minutes, so an hour is in the period or is one of its two partial hours.
     */
    private static Query listing(RunFilter f) {
        Instant from = f.period().from();
        Instant to = f.period().to();
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS).equals(from) ? from
                : from.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
        boolean wholeHours = firstHour.isBefore(lastHour);
        Instant hoursFrom = wholeHours ? firstHour : to;
        Instant hoursTo = wholeHours ? lastHour : to;
        boolean arrived = f.deviceId().isEmpty();
        List<Object> crossing = arrived ? List.of(from, from, to, to) : List.of();
        List<Object> params = new ArrayList<>();
        if (arrived) {
            params.addAll(runNarrowing(f));
            params.addAll(crossing);
            params.addAll(List.of(from, to));
        }
        params.addAll(List.of(hoursFrom, hoursTo));
        params.addAll(narrowing(f));
        params.addAll(crossing);
        params.addAll(List.of(from, hoursFrom, hoursTo, to));
        params.addAll(narrowing(f));
        params.addAll(crossing);
        return new Query(arrived ? ARRIVED : LISTED, params);
    }

    /** A query's SQL and the values of its {@code ?}, in order. */
    private record Query(String sql, List<Object> params) {
    }

    /** {@link #RUN_NARROWED}'s values. */
    private static List<Object> runNarrowing(RunFilter f) {
        return List.of(f.search(), f.search(), f.runId(), f.runId(), f.testId(), f.testId(), f.tier(), f.tier());
    }

    /** {@link #NARROWED}'s values. */
    private static List<Object> narrowing(RunFilter f) {
        List<Object> values = new ArrayList<>(runNarrowing(f));
        values.addAll(List.of(f.deviceId(), f.deviceId()));
        return values;
    }
}
