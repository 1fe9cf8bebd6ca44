package dev.parallax.insights.regression;

import dev.parallax.insights.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.stream.Stream;

/** What one series of runs follows: a test of a model at a precision on a tier and class of device. */
public record SeriesKey(String testId, String model, String precision, String tier, String deviceClass) {

    @Override
    public String toString() {
        return testId + " · " + model + " " + precision + " · " + tier + " " + deviceClass;
    }

    /** The key in a row's columns {@code test_id, model_name, precision, tier, device_class}. */
    public static SeriesKey of(ResultSet rs) throws SQLException {
        return new SeriesKey(rs.getString("test_id"), rs.getString("model_name"), rs.getString("precision"),
                rs.getString("tier"), rs.getString("device_class"));
    }

    /**
     * The SQL condition that a row (its unaliased key columns) is of one of {@code n} series, whose values
     * {@link #values} binds in the same order: only the count reaches the SQL.
     */
    static String oneOf(int n) {
        return "(test_id, model_name, precision, tier, device_class) IN (" + Warehouse.placeholders(n, 5) + ")";
    }

    /** The values {@link #oneOf} binds, key after key. */
    static Object[] values(Collection<SeriesKey> keys) {
        return keys.stream().flatMap(k -> Stream.of(k.testId(), k.model(), k.precision(), k.tier(), k.deviceClass()))
                .toArray();
    }
}
