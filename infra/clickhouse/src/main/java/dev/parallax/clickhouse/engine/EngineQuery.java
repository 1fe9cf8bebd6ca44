package dev.parallax.clickhouse.engine;

import java.util.Map;
import java.util.Objects;

/**
 * One statement to run, with the session it must run in.
 *
 * @param database   the current database for the statement
 * @param settings   ClickHouse settings for this statement (name to value as text); others are at their defaults
 * @param sql        a single SQL statement
 * @param format     output format unless the statement names its own with FORMAT
 * @param parameters values for {@code {name:Type}} placeholders
 */
public record EngineQuery(String database, Map<String, String> settings, String sql, String format,
                          Map<String, String> parameters) {

    public EngineQuery {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(format, "format");
        settings = Map.copyOf(settings);
        parameters = Map.copyOf(parameters);
    }

    /** A statement in the default database, with default settings and no parameters. */
    public static EngineQuery of(String sql, String format) {
        return new EngineQuery("default", Map.of(), sql, format, Map.of());
    }
}
