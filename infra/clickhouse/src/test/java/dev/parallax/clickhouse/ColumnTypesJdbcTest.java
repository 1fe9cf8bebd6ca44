package dev.parallax.clickhouse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every column type of the Parallax schema, through the official JDBC driver's batch insert paths and back. */
class ColumnTypesJdbcTest extends ServerPerClassTest {

    private static final String COLUMNS = "id, event_id, event_time, name, model, precision, note, score, "
            + "maybe_score, temp, logits, labels, ok, flag, delta, maybe_delta, count, bytes, offset";

    record Row(int id, UUID eventId, Instant eventTime, String name, String model, String precision, String note,
               double score, Double maybeScore, float temp, float[] logits, Map<String, String> labels,
               boolean ok, int flag, int delta, Integer maybeDelta, long count, BigInteger bytes, long offset) {
    }

    static List<Row> rows() {
        String awkward = "tab\there, newline\n\nblank line above, quote ' \" ` backslash \\ semicolon; ünïcødé ✓";
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(1, UUID.randomUUID(), Instant.parse("2026-11-22T10:15:30.123Z"), awkward, "resnet50",
                "int8", "a note", 12.5, 3.25, 71.5f, new float[]{0.5f, -1.25f, 3e-5f},
                new LinkedHashMap<>(Map.of("device", "rpi5", "hat", "hailo-8l")), true, 255, -7, 42,
                4_294_967_295L, new BigInteger("18446744073709551615"), Long.MIN_VALUE));
        rows.add(new Row(2, UUID.randomUUID(), Instant.parse("1970-01-01T00:00:00.001Z"), "", "", null, null,
                -0.0, null, -40.25f, new float[0], Map.of(), false, 0, Integer.MIN_VALUE, null, 0L,
                BigInteger.ZERO, Long.MAX_VALUE));
        for (int i = 3; i <= 50; i++) {
            rows.add(new Row(i, UUID.randomUUID(), Instant.ofEpochMilli(1_790_000_000_000L + i * 1001L),
                    "name-" + i, "model-" + (i % 3), i % 2 == 0 ? "fp16" : null, i % 5 == 0 ? null : "n" + i,
                    i * 1.5, i % 4 == 0 ? null : i / 3.0, i / 4f, new float[]{i, i + 0.5f},
                    Map.of("k" + i, "v" + i), i % 2 == 0, i, i * 1000, i % 3 == 0 ? null : -i, i * 7L,
                    BigInteger.valueOf(i).shiftLeft(40), -i * 1_000_000_007L));
        }
        return rows;
    }

    @ParameterizedTest(name = "rowBinary={0}")
    @ValueSource(booleans = {false, true})
    void everySchemaTypeRoundTrips(boolean rowBinary) throws Exception {
        String table = rowBinary ? "types_row_binary" : "types_values";
        List<Row> expected = rows();
        try (Connection c = TestServers.connect(clickhouse, rowBinary); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id Int32, event_id UUID, event_time DateTime64(3, 'UTC'), "
                    + "name String, model LowCardinality(String), precision LowCardinality(Nullable(String)), "
                    + "note Nullable(String), score Float64, maybe_score Nullable(Float64), temp Float32, "
                    + "logits Array(Float32), labels Map(String, String), ok Bool, flag UInt8, delta Int32, "
                    + "maybe_delta Nullable(Int32), count UInt32, bytes UInt64, offset Int64) "
                    + "ENGINE = MergeTree ORDER BY id");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + COLUMNS + ") VALUES ("
                    + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Row r : expected) {
                    bind(c, ps, r);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(expected.size(), counts.length);
            }
            List<Row> actual = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM " + table + " ORDER BY id")) {
                while (rs.next()) actual.add(read(rs));
            }
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) assertRowEquals(expected.get(i), actual.get(i));
        }
    }

    private static void bind(Connection c, PreparedStatement ps, Row r) throws Exception {
        ps.setInt(1, r.id());
        ps.setObject(2, r.eventId());
        ps.setObject(3, ZonedDateTime.ofInstant(r.eventTime(), ZoneOffset.UTC));
        ps.setString(4, r.name());
        ps.setString(5, r.model());
        ps.setString(6, r.precision());
        ps.setString(7, r.note());
        ps.setDouble(8, r.score());
        if (r.maybeScore() == null) ps.setNull(9, Types.DOUBLE); else ps.setDouble(9, r.maybeScore());
        ps.setFloat(10, r.temp());
        Float[] boxed = new Float[r.logits().length];
        for (int i = 0; i < boxed.length; i++) boxed[i] = r.logits()[i];
        ps.setArray(11, c.createArrayOf("Float32", boxed));
        ps.setObject(12, r.labels());
        ps.setBoolean(13, r.ok());
        ps.setInt(14, r.flag());
        ps.setInt(15, r.delta());
        if (r.maybeDelta() == null) ps.setNull(16, Types.INTEGER); else ps.setInt(16, r.maybeDelta());
        ps.setLong(17, r.count());
        ps.setObject(18, r.bytes());
        ps.setLong(19, r.offset());
    }

    @SuppressWarnings("unchecked")
    private static Row read(ResultSet rs) throws Exception {
        Array logits = rs.getArray(11);
        Object[] values = (Object[]) logits.getArray();
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) floats[i] = ((Number) values[i]).floatValue();
        double maybeScore = rs.getDouble(9);
        Double boxedScore = rs.wasNull() ? null : maybeScore;
        int maybeDelta = rs.getInt(16);
        Integer boxedDelta = rs.wasNull() ? null : maybeDelta;
        return new Row(rs.getInt(1), rs.getObject(2, UUID.class),
                rs.getObject(3, ZonedDateTime.class).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getDouble(8), boxedScore, rs.getFloat(10), floats,
                (Map<String, String>) rs.getObject(12), rs.getBoolean(13), rs.getInt(14), rs.getInt(15), boxedDelta,
                rs.getLong(17), rs.getObject(18, BigInteger.class), rs.getLong(19));
    }

    private static void assertRowEquals(Row expected, Row actual) {
        String at = "row " + expected.id();
        assertEquals(expected.id(), actual.id(), at);
        assertEquals(expected.eventId(), actual.eventId(), at);
        assertEquals(expected.eventTime(), actual.eventTime(), at);
        assertEquals(expected.name(), actual.name(), at);
        assertEquals(expected.model(), actual.model(), at);
        assertEquals(expected.precision(), actual.precision(), at);
        assertEquals(expected.note(), actual.note(), at);
        assertEquals(expected.score(), actual.score(), at);
        assertEquals(expected.maybeScore(), actual.maybeScore(), at);
        assertEquals(expected.temp(), actual.temp(), at);
        assertArrayEquals(expected.logits(), actual.logits(), at);
        assertEquals(expected.labels(), actual.labels(), at);
        assertEquals(expected.ok(), actual.ok(), at);
        assertEquals(expected.flag(), actual.flag(), at);
        assertEquals(expected.delta(), actual.delta(), at);
        assertEquals(expected.maybeDelta(), actual.maybeDelta(), at);
        assertEquals(expected.count(), actual.count(), at);
        assertEquals(expected.bytes(), actual.bytes(), at);
        assertEquals(expected.offset(), actual.offset(), at);
    }
}
