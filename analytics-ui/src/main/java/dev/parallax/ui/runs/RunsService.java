package dev.parallax.ui.runs;

import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RegressionGate;
import dev.parallax.insights.regression.RunSeriesReader;
import dev.parallax.insights.regression.SeriesKey;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Runs as the warehouse holds them, a page at a time, each with the CI gate's verdict ({@link RegressionGate}: the
 * same analysis the gate runs in CI, on the series as they stand when the page is read). Only the page asked for is
 * read and judged, its series read together.
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
     * One row per run and series, of the events {@code %1$s} (see {@link #rows}) counted by {@code %2$s};
     * {@code ?} order: the filter's parameters, see {@link #params}.
     */
    private static final String ROWS = """
            SELECT i.run_id AS run_id, test_id, model_name, precision, tier, device_class, one_device, devices, started,
                ended, inferences, errors, r.phase AS phase
            FROM (
                SELECT run_id, test_id, model_name, precision, tier, device_class, any(device_id) AS one_device,
                    uniqExact(device_id) AS devices, min(event_time) AS started, max(event_time) AS ended, %2$s
                FROM %1$s
                WHERE run_id != '' AND event_time >= ? AND event_time < ?
                  AND (? = '' OR positionCaseInsensitive(concat(run_id, ' ', test_id, ' ', model_name, ' ',
                                                                device_class), ?) > 0)
                  AND (? = '' OR run_id = ?) AND (? = '' OR test_id = ?) AND (? = '' OR device_id = ?)
                  AND (? = '' OR tier = ?)
                GROUP BY run_id, test_id, model_name, precision, tier, device_class
            ) AS i
            LEFT JOIN (
                SELECT run_id, argMax(phase, event_time) AS phase FROM parallax.runs GROUP BY run_id
            ) AS r ON i.run_id = r.run_id
            """;

    private final Warehouse warehouse;
    private final RunSeriesReader reader;
    private final ChangePoints changePoints;

    public RunsService(Warehouse warehouse, RunSeriesReader reader, ChangePoints changePoints) {
        this.warehouse = warehouse;
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
        StringBuilder sql = new StringBuilder(rows(filter)).append("ORDER BY ");
        for (Sort s : order.isEmpty() ? List.of(NEWEST_FIRST) : order) {
            sql.append(s.column().sql).append(s.descending() ? " DESC, " : " ASC, ");
        }
        // Ties in the order asked for still page the same way every time.
        sql.append("run_id, test_id, model_name, precision, tier, device_class LIMIT ? OFFSET ?");
        List<Object> params = params(filter);
        params.add(limit);
        params.add(offset);
        // Judged once read: the gate's own queries then do not wait for this one's connection.
        List<RunRow> rows = warehouse.query(sql.toString(), rs -> new RunRow(rs.getString("run_id"),
                new SeriesKey(rs.getString("test_id"), rs.getString("model_name"), rs.getString("precision"),
                        rs.getString("tier"), rs.getString("device_class")),
                rs.getString("one_device"), rs.getLong("devices"), Warehouse.instant(rs, "started"),
                Warehouse.instant(rs, "ended"), rs.getLong("inferences"), rs.getLong("errors"), rs.getString("phase"),
                List.of()), params.toArray());
        gate.lookAt(rows.stream().map(RunRow::key).toList());
        return rows.stream().map(r -> r.judged(gate.changesAt(r.key(), r.runId()))).toList();
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
        return warehouse.query("SELECT count() FROM (" + rows(filter) + ")", rs -> rs.getInt(1),
                params(filter).toArray()).getFirst();
    }

    /**
     * The rows' query for the filter. Each event counts once however often it was sent: deduplicated by FINAL, which
     * reads the sort key of every event of the period, or, for a device or a run, by counting distinct event ids of
     * the events that match. Those filters are off the sort key, and FINAL would read the whole period's events to
     * keep the few that match (a device's page: several times slower); without it the engine filters first.
     */
    private static String rows(RunFilter f) {
        return f.deviceId().isEmpty() && f.runId().isEmpty()
                ? ROWS.formatted(InferenceCounts.EVENTS, "count() AS inferences, countIf(status != 'OK') AS errors")
                : ROWS.formatted("parallax.inference_events",
                        "uniqExact(event_id) AS inferences, uniqExactIf(event_id, status != 'OK') AS errors");
    }

    private static List<Object> params(RunFilter f) {
        return new ArrayList<>(List.of(f.period().from(), f.period().to(), f.search(), f.search(),
                f.runId(), f.runId(), f.testId(), f.testId(), f.deviceId(), f.deviceId(), f.tier(), f.tier()));
    }
}
