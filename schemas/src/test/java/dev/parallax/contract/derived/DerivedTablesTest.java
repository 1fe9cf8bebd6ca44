package dev.parallax.contract.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Tables;
import dev.parallax.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derived row types against the tables the migrations create, on the real engine (a renamed or retyped column
 * on either side fails here), and their JSON form: written and read back whole, and a record that is not a row
 * refused with what is wrong.
 */
class DerivedTablesTest {

    private static final DivergencePairRow PAIR = new DivergencePairRow("resnet50", "img-7",
            "6f1c2a3e-0000-4000-8000-000000000001", 1_764_000_000_000L, "6f1c2a3e-0000-4000-8000-000000000002",
            "FP32", "INT8", "pi5-hailo8l", "accuracy", "run-1", 1, 0.8, 0.9993, 0.12, 0.01,
            Double.POSITIVE_INFINITY, null, 1);

    @TempDir
    static Path dir;
    static EmbeddedClickHouse clickhouse;

    @BeforeAll
    static void start() throws Exception {
        clickhouse = EmbeddedClickHouse.builder(dir.resolve("data")).password("contract").start();
        Warehouse.migrate(ParallaxConfig.of(Map.of(ParallaxConfig.CLICKHOUSE_URL, clickhouse.httpUrl(),
                ParallaxConfig.CLICKHOUSE_USER, clickhouse.user(), ParallaxConfig.CLICKHOUSE_PASSWORD, clickhouse.password())));
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) clickhouse.close();
    }

    @Test
    void everyRowTypeHasItsTablesWrittenColumnsInOrderWithTheirTypes() throws Exception {
        try (Connection connection = Warehouse.connect(ParallaxConfig.of(Map.of(
                ParallaxConfig.CLICKHOUSE_URL, clickhouse.httpUrl(), ParallaxConfig.CLICKHOUSE_USER, clickhouse.user(),
                ParallaxConfig.CLICKHOUSE_PASSWORD, clickhouse.password())))) {
            for (DerivedTable<?> table : DerivedTable.ALL) {
                List<Column> columns = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("DESCRIBE TABLE " + Tables.qualified(table.table()))) {
                    while (rs.next()) {
                        if (rs.getString("default_type").isEmpty()) columns.add(new Column(rs.getString("name"), rs.getString("type")));
                    }
                }
                assertEquals(columns, table.columns(), table.toString());
            }
        }
    }

    @Test
    void aRowGoesToJsonAndBackWhole() {
        byte[] json = DerivedTable.DIVERGENCE_PAIRS.toJson(PAIR);
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"kind\":\"pair\",\"model_name\":\"resnet50\""), text);
        assertTrue(text.contains("\"sqnr_db\":\"Infinity\"") && text.contains("\"kl\":null"), text);
        assertEquals(PAIR, DerivedTable.DIVERGENCE_PAIRS.fromJson(json));
    }

    @Test
    void aRecordThatIsNotARowIsRefusedWithWhatIsWrong() {
        String json = new String(DerivedTable.DIVERGENCE_PAIRS.toJson(PAIR), StandardCharsets.UTF_8);
        assertRefused("divergence_pairs.cosine is missing", json.replace("\"cosine\":0.9993,", ""));
        assertRefused("cosin is not a column of divergence_pairs", json.replace("\"cosine\"", "\"cosin\""));
        assertRefused("divergence_pairs.version is null", json.replace("\"version\":1", "\"version\":null"));
        assertRefused("divergence_pairs.top1_agree is not a int", json.replace("\"top1_agree\":1", "\"top1_agree\":\"yes\""));
        assertRefused("not a JSON object", "[1, 2]");
        assertRefused("not JSON", "{\"model_name\":");
    }

    @Test
    void componentNamesBecomeSnakeCaseColumns() {
        assertEquals("max_abs_err_p99", DerivedTable.snakeCase("maxAbsErrP99"));
        assertEquals("p999_ms", DerivedTable.snakeCase("p999Ms"));
        assertEquals("top1_agree", DerivedTable.snakeCase("top1Agree"));
    }

    private static void assertRefused(String expected, String json) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DerivedTable.DIVERGENCE_PAIRS.fromJson(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
