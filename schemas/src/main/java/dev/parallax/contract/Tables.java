package dev.parallax.contract;

import java.util.List;

/**
 * ClickHouse names of the data contract (SPEC section 11): database {@value #DATABASE}, one table per fact.
 * Constants are unqualified table names; {@link #qualified(String)} prefixes the database.
 */
public final class Tables {

    public static final String DATABASE = "parallax";

    public static final String INFERENCE_EVENTS = "inference_events";
    public static final String DEVICE_SAMPLES = "device_samples";
    public static final String RUNS = "runs";
    public static final String LATENCY_WINDOWS = "latency_windows";
    public static final String THROTTLE_EPISODES = "throttle_episodes";
    public static final String DIVERGENCE_PAIRS = "divergence_pairs";
    public static final String DIVERGENCE_WINDOWS = "divergence_windows";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String ALERTS = "alerts";
    public static final String RECOMMENDATIONS = "recommendations";
    public static final String REPORTS = "reports";
    /** Bookkeeping of the warehouse migrator, not a fact table. */
    public static final String SCHEMA_MIGRATIONS = "schema_migrations";

    /** Every fact table of the contract. */
    public static final List<String> ALL = List.of(INFERENCE_EVENTS, DEVICE_SAMPLES, RUNS, LATENCY_WINDOWS,
            THROTTLE_EPISODES, DIVERGENCE_PAIRS, DIVERGENCE_WINDOWS, DEAD_LETTERS, ALERTS, RECOMMENDATIONS, REPORTS);

    /** {@code parallax.<table>}. */
    public static String qualified(String table) {
        return DATABASE + "." + table;
    }

    private Tables() {
    }
}
