package dev.parallax.insights.latency;

import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.contract.derived.DerivedTable;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.StoredSketch;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The read model of latency windows ({@code parallax.latency_windows}, row type {@code LatencyWindowRow}): each
 * latency key's inferences per minute, sketched. Every reader of the table reads it here: the stored sketches of a
 * range to merge, the counts per key, the peak per minute, and the subqueries other read models join it by.
 */
public final class LatencyWindows {

    private static final String TABLE = "parallax." + DerivedTable.LATENCY_WINDOWS.table();

    /** The models a test ran with windows in a range; {@code ?}: test, from, to. */
    public static final String MODELS_OF_TEST = "SELECT DISTINCT model_name FROM " + TABLE
            + " WHERE test_id = ? AND window_start >= ? AND window_start < ?";
    /** Each test's edge models and device classes with windows in a range; {@code ?}: from, to. */
    public static final String EDGE_MODELS_OF_TESTS = "SELECT DISTINCT test_id, model_name, device_class FROM " + TABLE
            + " WHERE tier = 'EDGE' AND window_start >= ? AND window_start < ?";
    /** A row when the test has any window; {@code ?}: test. */
    public static final String ANY_OF_TEST = "SELECT 1 FROM " + TABLE + " WHERE test_id = ? LIMIT 1";

    /** One stored window of a latency key: its start and its sketch, decoded. */
    public record StoredWindow(String testId, String modelName, String modelVersion, String precision, String tier,
                               String deviceClass, Instant start, DDQuantileSketch sketch) {
    }

    /**
     * Which windows to read: those starting in {@code [from, to)}, or, {@code whole}, those lying wholly inside it
     * (over by {@code to}); of one test, of the tests a run ran, or of every test.
     */
    public record Range(Instant from, Instant to, boolean whole, String testId, String testsOfRun) {

        public static Range startingIn(Instant from, Instant to) {
            return new Range(from, to, false, "", "");
        }

        public static Range startingIn(Period period) {
            return startingIn(period.from(), period.to());
        }

        /** Windows that began at or after {@code from} and were over by {@code to}. */
        public static Range within(Instant from, Instant to) {
            return new Range(from, to, true, "", "");
        }

        public Range ofTest(String test) {
            return new Range(from, to, whole, test, testsOfRun);
        }

        /** Only the tests that run {@code runId} ran. */
        public Range ofTestsOfRun(String runId) {
            return new Range(from, to, whole, testId, runId);
        }

        private String where() {
            return "window_start >= ? AND " + (whole ? "window_end <= ?" : "window_start < ?")
                    + (testId.isEmpty() ? "" : " AND test_id = ?")
                    + (testsOfRun.isEmpty() ? "" : " AND test_id IN (SELECT DISTINCT test_id FROM "
                    + "parallax.inference_events WHERE run_id = ?)");
        }

        private Object[] params() {
            List<Object> params = new ArrayList<>(List.of(from, to));
            if (!testId.isEmpty()) params.add(testId);
            if (!testsOfRun.isEmpty()) params.add(testsOfRun);
            return params.toArray();
        }
    }

    private final Warehouse warehouse;

    public LatencyWindows(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Each window of the range that holds a sketch (the newest version of each), to {@code each}, in no order. */
    public void sketches(Range range, Consumer<StoredWindow> each) {
        warehouse.query("""
                SELECT test_id, model_name, model_version, precision, tier, device_class, window_start, sketch
                FROM %s FINAL
                WHERE %s AND length(sketch) > 0
                """.formatted(TABLE, range.where()), rs -> {
            each.accept(new StoredWindow(rs.getString("test_id"), rs.getString("model_name"),
                    rs.getString("model_version"), rs.getString("precision"), rs.getString("tier"),
                    rs.getString("device_class"), Warehouse.instant(rs, "window_start"),
                    StoredSketch.decode(rs.getString("sketch"))));
            return Boolean.TRUE;
        }, range.params());
    }

    /**
     * What the rows of one hour of windows add up to, as stored (copies and amended windows' earlier rows included):
     * a window amended by late events (SPEC §3a), a new window and a merge of copies each change it. Readers that keep
     * an hour's sketches merged read the hour again when its stamp changed.
     */
    public record HourStamp(long rows, long versions, long inferences) {
    }

    /** Each hour of {@code [from, to)} (whole hours) that holds windows, by its start, with its {@link HourStamp}. */
    public Map<Instant, HourStamp> hourStamps(Instant from, Instant to) {
        Map<Instant, HourStamp> stamps = new HashMap<>();
        warehouse.query("""
                SELECT intDiv(toUnixTimestamp64Milli(window_start), 3600000) * 3600000 AS hour, count() AS rows,
                    sum(version) AS versions, sum(count) AS inferences
                FROM %s
                WHERE window_start >= ? AND window_start < ?
                GROUP BY hour
                """.formatted(TABLE), rs -> stamps.put(Instant.ofEpochMilli(rs.getLong("hour")),
                new HourStamp(rs.getLong("rows"), rs.getLong("versions"), rs.getLong("inferences"))), from, to);
        return stamps;
    }

    /** Any stored sketch, to learn the pipeline's sketch accuracy; empty before the first window. */
    public Optional<DDQuantileSketch> anySketch() {
        return warehouse.query("SELECT sketch FROM " + TABLE + " WHERE length(sketch) > 0 LIMIT 1",
                rs -> StoredSketch.decode(rs.getString(1))).stream().findFirst();
    }

    /**
     * Per latency key of {@code testId} (every test when empty), its windows' inferences, errors and events too late
     * for any window over {@code period}; edge keys first.
     */
    public List<InferenceCounts.KeyCount> countsPerKey(String testId, Period period) {
        return warehouse.query("""
                SELECT test_id, model_name, model_version, precision, tier, device_class, sum(count) AS inferences,
                    sum(errors) AS errors, sum(late_events) AS too_late
                FROM %s FINAL
                WHERE (? = '' OR test_id = ?) AND window_start >= ? AND window_start < ?
                GROUP BY test_id, model_name, model_version, precision, tier, device_class
                ORDER BY test_id, tier != 'EDGE', model_name, model_version, precision, device_class
                """.formatted(TABLE), rs -> new InferenceCounts.KeyCount(rs.getString("test_id"),
                rs.getString("model_name"), rs.getString("model_version"), rs.getString("precision"),
                rs.getString("tier"), rs.getString("device_class"), rs.getLong("inferences"), rs.getLong("errors"),
                rs.getLong("too_late")),
                testId, testId, period.from(), period.to());
    }

    /** Per test, its busiest minute's inferences per second over {@code period}, all its keys together. */
    public Map<String, Double> peakRatePerTest(Period period) {
        Map<String, Double> peak = new HashMap<>();
        warehouse.query("""
                SELECT test_id, max(n) / 60 AS per_second
                FROM (SELECT test_id, window_start, sum(count) AS n FROM %s FINAL
                      WHERE window_start >= ? AND window_start < ? GROUP BY test_id, window_start)
                GROUP BY test_id
                """.formatted(TABLE), rs -> peak.put(rs.getString("test_id"), rs.getDouble("per_second")),
                period.from(), period.to());
        return peak;
    }
}
