package dev.parallax.insights.divergence;

import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.DivergenceSummary;
import dev.parallax.contract.derived.DerivedTable;
import dev.parallax.insights.divergence.DivergenceService.ModelDivergence;
import dev.parallax.insights.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read model of divergence pairs ({@code parallax.divergence_pairs}, row type {@code DivergencePairRow}): each
 * candidate inference beside its reference, read per run. Every reader of the table reads it here. SQNR is capped at
 * {@link DivergenceSettings#sqnrCapDb()} either way, as everywhere, so identical outputs do not make a mean infinite.
 */
public final class DivergencePairs {

    private static final String TABLE = "parallax." + DerivedTable.DIVERGENCE_PAIRS.table();
    private static final double SQNR_CAP_DB = DivergenceSettings.defaults().sqnrCapDb();

    /** One pair of a run: its candidate's series (test, model, precision, device class), flipped top-1, SQNR. */
    public record RunPair(String runId, String testId, String modelName, String candidatePrecision, String deviceClass,
                          boolean flipped, double sqnrDb) {
    }

    /**
     * The pairs of one test's candidate: its model at a precision on a device class. Pairs carry no tier: a device
     * class is one tier in practice, so a latency series is matched to its pairs by device class.
     */
    public record Candidate(String testId, String modelName, String precision, String deviceClass) {
    }

    /** A run's flip rate and mean (capped) SQNR over its pairs. */
    public record RunDivergence(double flipRate, double sqnrDb) {
    }

    private final Warehouse warehouse;

    public DivergencePairs(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The run's pairs per model, candidate precision and device class, summarized. */
    public List<ModelDivergence> ofRun(String runId) {
        return warehouse.query("""
                SELECT model_name, candidate_precision, device_class, count() AS pairs,
                    1 - avg(top1_agree) AS flip_rate, avg(kl) AS kl_mean, quantile(0.95)(kl) AS kl_p95,
                    min(cosine) AS cosine_min, avg(cosine) AS cosine_mean,
                    avg(least(greatest(sqnr_db, -?), ?)) AS sqnr_mean_db, quantile(0.99)(max_abs_err) AS err_p99
                FROM %s FINAL WHERE run_id = ?
                GROUP BY model_name, candidate_precision, device_class
                """.formatted(TABLE), rs -> new ModelDivergence(rs.getString("model_name"),
                rs.getString("candidate_precision"), rs.getString("device_class"),
                new DivergenceSummary(rs.getLong("pairs"), rs.getDouble("flip_rate"), Warehouse.number(rs, "kl_mean"),
                        Warehouse.number(rs, "kl_p95"), rs.getDouble("cosine_min"), rs.getDouble("cosine_mean"),
                        rs.getDouble("sqnr_mean_db"), rs.getDouble("err_p99"), 0)), SQNR_CAP_DB, SQNR_CAP_DB, runId);
    }

    /** Per candidate of {@code candidates}, each of its runs' divergence, read together. */
    public Map<Candidate, Map<String, RunDivergence>> perRun(List<Candidate> candidates) {
        Map<Candidate, Map<String, RunDivergence>> perRun = new HashMap<>();
        if (candidates.isEmpty()) {
            return perRun;
        }
        List<Object> params = new ArrayList<>(List.of(SQNR_CAP_DB, SQNR_CAP_DB));
        candidates.forEach(c -> params.addAll(List.of(c.testId(), c.modelName(), c.precision(), c.deviceClass())));
        warehouse.query("""
                SELECT test_id, model_name, candidate_precision, device_class, run_id,
                    1 - avg(top1_agree) AS flip_rate, avg(least(greatest(sqnr_db, -?), ?)) AS sqnr_db
                FROM %s FINAL
                WHERE (test_id, model_name, candidate_precision, device_class) IN (%s)
                GROUP BY test_id, model_name, candidate_precision, device_class, run_id
                """.formatted(TABLE, Warehouse.placeholders(candidates.size(), 4)),
                rs -> perRun.computeIfAbsent(new Candidate(rs.getString("test_id"), rs.getString("model_name"),
                                rs.getString("candidate_precision"), rs.getString("device_class")), k -> new HashMap<>())
                        .put(rs.getString("run_id"), new RunDivergence(rs.getDouble("flip_rate"),
                                rs.getDouble("sqnr_db"))), params.toArray());
        return perRun;
    }

    /**
     * Every pair of runs {@code a} and {@code b}, each once however often it was delivered: the newest version of
     * each, reading only these runs' rows (FINAL would merge the whole table).
     */
    public List<RunPair> ofRuns(String a, String b) {
        return warehouse.query("""
                SELECT run_id, test_id, model_name, candidate_precision, device_class, top1_agree,
                    least(greatest(sqnr_db, -?), ?) AS sqnr_db
                FROM %s
                WHERE run_id IN (?, ?)
                ORDER BY version DESC
                LIMIT 1 BY model_name, input_id, candidate_event_id
                """.formatted(TABLE), rs -> new RunPair(rs.getString("run_id"), rs.getString("test_id"),
                rs.getString("model_name"), rs.getString("candidate_precision"), rs.getString("device_class"),
                rs.getInt("top1_agree") == 0, Warehouse.number(rs, "sqnr_db")), SQNR_CAP_DB, SQNR_CAP_DB, a, b);
    }
}
