package dev.parallax.clickhouse.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlStatementTest {

    private static SqlStatement parse(String sql) throws ServerError {
        return SqlStatement.parse(sql.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneStatementWithATrailingSemicolonIsAccepted() throws Exception {
        SqlStatement s = parse("  select 1 ; -- done\n ;");
        assertEquals("SELECT", s.keyword());
        assertEquals("select 1", s.sql().strip());
        assertNull(s.insert());
    }

    @Test
    void aSecondStatementIsRefusedAsASyntaxError() {
        ServerError e = assertThrows(ServerError.class, () -> parse("SELECT 1;\nDROP TABLE t"));
        assertEquals(62, e.code());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("Multi-statements are not allowed"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2, col 1"), e.getMessage());
    }

    @Test
    void semicolonsInsideStringsIdentifiersAndCommentsDoNotSplit() throws Exception {
        assertEquals("SELECT", parse("SELECT 'a;b', 'it''s; x', 'esc\\'; y' AS `c;d`, \"e;f\" /* ; /* nested ; */ ; */ -- ;\n").keyword());
    }

    @Test
    void emptyQueryIsRefused() {
        assertEquals(211, assertThrows(ServerError.class, () -> parse("  -- nothing\n /* here */ ")).code());
    }

    @Test
    void insertFormatDataStartsAfterSpacesAndOneLineBreak() throws Exception {
        byte[] source = "INSERT INTO db.t (a, b) FORMAT RowBinary \t\n\n;DROP".getBytes(StandardCharsets.UTF_8);
        SqlStatement s = SqlStatement.parse(source);
        assertEquals("INSERT INTO db.t (a, b)", s.insert().target());
        assertEquals("RowBinary", s.insert().format());
        assertArrayEquals("\n;DROP".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOfRange(source, s.insert().dataOffset(), source.length), "everything after is data");
    }

    @Test
    void insertDataMayBeBinaryAndContainAnything() throws Exception {
        byte[] head = "INSERT INTO t FORMAT RowBinary\n".getBytes(StandardCharsets.UTF_8);
        byte[] source = Arrays.copyOf(head, head.length + 4);
        source[head.length] = (byte) 0xFF;
        source[head.length + 1] = '\'';
        source[head.length + 2] = ';';
        source[head.length + 3] = 0;
        assertEquals(head.length, SqlStatement.parse(source).insert().dataOffset());
    }

    @Test
    void insertValuesBecomesValuesFormatAndSettingsMoveAside() throws Exception {
        SqlStatement s = parse("insert into t (values, x) SETTINGS async_insert = 0 VALUES (1, 'a;b'), (2, 'c')");
        assertEquals("insert into t (values, x)", s.insert().target());
        assertEquals("SETTINGS async_insert = 0", s.insert().settings());
        assertEquals("Values", s.insert().format());
    }

    @Test
    void insertSelectIsPlainSql() throws Exception {
        SqlStatement s = parse("INSERT INTO t SELECT * FROM u FORMAT Null");
        assertNull(s.insert());
        assertEquals("Null", s.outputFormat());
    }

    @Test
    void outputFormatOfASelectIsFound() throws Exception {
        assertEquals("JSONEachRow", parse("SELECT 1 AS format FORMAT JSONEachRow").outputFormat());
        assertEquals("CSV", parse("SELECT 1 FORMAT CSV SETTINGS max_threads = 1").outputFormat());
        assertNull(parse("SELECT formatRow('CSV', 1)").outputFormat());
        assertNull(parse("SELECT format FROM t").outputFormat());
    }

    @Test
    void settingNamesOfASetStatementAreFound() throws Exception {
        assertEquals(List.of("max_threads", "custom_x"),
                parse("SET max_threads = 1, `custom_x` = (1, 2), ").assignedSettings());
    }
}
