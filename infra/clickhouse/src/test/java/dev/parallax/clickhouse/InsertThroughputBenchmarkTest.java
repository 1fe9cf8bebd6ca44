package dev.parallax.clickhouse;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Insert rows/s through the official JDBC driver (VALUES and RowBinary paths) next to a raw HTTP POST of the same
 * rows in RowBinary to the same front, which is what the driver's RowBinary path costs at best.
 * Run: {@code mvn -pl infra/clickhouse test -Dgroups=benchmark -Dtest.excludedGroups=none}.
 */
@Tag("benchmark")
class InsertThroughputBenchmarkTest extends ServerPerClassTest {

    private static final int ROWS = 200_000;
    private static final int BATCH = 10_000;
    private static final String COLUMNS = "id, event_time, device, model, precision, latency_ms, temp_c, ok, "
            + "tokens, note";
    private static final long T0 = 1_790_000_000_000L;

    @Test
    void insertRowsPerSecond() throws Exception {
        createTable("warmup");
        jdbc("warmup", true, 20_000);
        double values = rate(() -> jdbc(createTable("via_values"), false, ROWS));
        double rowBinary = rate(() -> jdbc(createTable("via_row_binary"), true, ROWS));
        double raw = rate(() -> rawRowBinary(createTable("via_raw_http")));
        System.out.printf("%ninsert rows/s, %d rows of 10 columns in batches of %d:%n", ROWS, BATCH);
        System.out.printf("  baseline raw HTTP RowBinary POST : %,10.0f%n", raw);
        System.out.printf("  JDBC RowBinary path              : %,10.0f  (%.2f x baseline)%n", rowBinary, rowBinary / raw);
        System.out.printf("  JDBC VALUES path                 : %,10.0f  (%.2f x baseline)%n", values, values / raw);
        for (String table : new String[]{"via_values", "via_row_binary", "via_raw_http"}) {
            assertEquals(ROWS, count(table), table);
        }
    }

    private interface Load {
        void run() throws Exception;
    }

    private static double rate(Load load) throws Exception {
        long start = System.nanoTime();
        load.run();
        return ROWS / ((System.nanoTime() - start) / 1e9);
    }

    private static String createTable(String name) throws Exception {
        try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (id UInt64, event_time DateTime64(3, 'UTC'), device String, "
                    + "model LowCardinality(String), precision LowCardinality(String), latency_ms Float64, "
                    + "temp_c Float32, ok Bool, tokens Int32, note String) ENGINE = MergeTree ORDER BY id");
        }
        return name;
    }

    private static void jdbc(String table, boolean rowBinary, int rows) throws Exception {
        try (Connection c = TestServers.connect(clickhouse, rowBinary);
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setLong(1, i);
                ps.setObject(2, java.time.ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(T0 + i),
                        java.time.ZoneOffset.UTC));
                ps.setString(3, device(i));
                ps.setString(4, model(i));
                ps.setString(5, precision(i));
                ps.setDouble(6, latency(i));
                ps.setFloat(7, temp(i));
                ps.setBoolean(8, i % 10 != 0);
                ps.setInt(9, i % 512);
                ps.setString(10, note(i));
                ps.addBatch();
                if ((i + 1) % BATCH == 0) ps.executeBatch();
            }
            ps.executeBatch();
        }
    }

    private static void rawRowBinary(String table) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(
                (clickhouse.user() + ":" + clickhouse.password()).getBytes(StandardCharsets.UTF_8));
        URI uri = URI.create(clickhouse.httpUrl() + "/?query="
                + URLEncoder.encode("INSERT INTO " + table + " (" + COLUMNS + ") FORMAT RowBinary",
                StandardCharsets.UTF_8));
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int from = 0; from < ROWS; from += BATCH) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(rowBinary(from, BATCH))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
            }
        }
    }

    private static byte[] rowBinary(int from, int rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 80);
        ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < from + rows; i++) {
            out.write(scratch.clear().putLong(i).array(), 0, 8);
            out.write(scratch.clear().putLong(T0 + i).array(), 0, 8);
            string(out, device(i));
            string(out, model(i));
            string(out, precision(i));
            out.write(scratch.clear().putDouble(latency(i)).array(), 0, 8);
            out.write(scratch.clear().putFloat(temp(i)).array(), 0, 4);
            out.write(i % 10 != 0 ? 1 : 0);
            out.write(scratch.clear().putInt(i % 512).array(), 0, 4);
            string(out, note(i));
        }
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int n = bytes.length; ; n >>>= 7) { // LEB128 length
            if (n < 0x80) {
                out.write(n);
                break;
            }
            out.write((n & 0x7F) | 0x80);
        }
        out.writeBytes(bytes);
    }

    private static String device(int i) {
        return "rpi5-" + (i % 200);
    }

    private static String model(int i) {
        return i % 3 == 0 ? "resnet50" : i % 3 == 1 ? "yolov8n" : "mobilenet_v3";
    }

    private static String precision(int i) {
        return i % 2 == 0 ? "int8" : "fp16";
    }

    private static double latency(int i) {
        return 5 + (i % 1000) / 37.0;
    }

    private static float temp(int i) {
        return 45 + (i % 300) / 10f;
    }

    private static String note(int i) {
        return "run-" + (i / 1000);
    }

    private static long count(String table) throws Exception {
        try (Connection c = TestServers.connect(clickhouse, false); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count() FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
