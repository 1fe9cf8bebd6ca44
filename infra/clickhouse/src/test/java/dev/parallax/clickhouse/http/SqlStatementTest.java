package dev.parallax.clickhouse.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
        assertTrue(e.getMessage().contains("position 9 (line 1, col 9)"), e.getMessage()); // the ";", as the engine reports it
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
    void theIssuesCommentBypassIsTwoStatements() {
        // '#' + space is a line comment: the quote in it opens nothing, so "; SET readonly = 1" is a statement.
        ServerError e = assertThrows(ServerError.class, () -> parse("SELECT 1 # '\n; SET readonly = 1 -- '"));
        assertEquals(62, e.code());
        assertTrue(e.getMessage().contains("failed at position 14"), e.getMessage());
    }

    @Test
    void everyLineCommentFormEndsAtALineFeedOnly() {
        for (String comment : new String[]{"-- '", "# '", "#! '", "// '", "--'", "#!'", "//'"}) {
            assertThrows(ServerError.class, () -> parse("SELECT 1 " + comment + "\n; SELECT 2"), comment);
        }
        // A carriage return does not end a line comment: the rest is still comment.
        assertDoesNotThrow(() -> parse("SELECT 1 -- x\r; SELECT 2"));
    }

    @Test
    void aHashWithoutSpaceOrBangIsNotAComment() {
        // The engine refuses '#x' as a token and lexes on, so the ';' after it counts.
        assertThrows(ServerError.class, () -> parse("SELECT 1 #x\n; SELECT 2"));
        assertThrows(ServerError.class, () -> parse("SELECT 1 #\tx\n; SELECT 2"));
    }

    @Test
    void blockCommentsNestAndAnUnclosedOneHidesTheRest() throws Exception {
        assertThrows(ServerError.class, () -> parse("SELECT 1 /* a /* b */ ; */ ; SELECT 2"));
        assertEquals("SELECT", parse("SELECT 1 /* a /* b */ ; */").keyword());
        assertEquals("SELECT", parse("SELECT 1 /* never closed ; SELECT 2").keyword());
    }

    @Test
    void unicodeQuotesHeredocsAndHexStringsHideSemicolons() throws Exception {
        assertEquals("SELECT", parse("SELECT ‘a;b’, “c;d”, $$e;f$$, $t$g;h$t$, x'41', b'01'").keyword());
        // ‘...’ has no escapes: a ' inside it is just a character, and the ';' after it is a boundary.
        assertThrows(ServerError.class, () -> parse("SELECT ‘a'b’; SELECT 2 -- '"));
        assertThrows(ServerError.class, () -> parse("SELECT $$a'$$; SELECT 2 -- '"));
        // A tag that is not made of word characters is no heredoc.
        assertThrows(ServerError.class, () -> parse("SELECT $a b$x;y$a b$"));
        // A word may contain '$': no heredoc starts inside it.
        assertThrows(ServerError.class, () -> parse("SELECT 1 AS x$$; SELECT 2 $$"));
    }

    @Test
    void quotesEscapeByBackslashOrDoubling() {
        assertThrows(ServerError.class, () -> parse("SELECT '\\\\'; SELECT 2"));
        assertThrows(ServerError.class, () -> parse("SELECT 'it''s'; SELECT 2"));
        assertDoesNotThrow(() -> parse("SELECT 'it\\'s; SELECT 2'"));
        assertDoesNotThrow(() -> parse("SELECT `a``;b`, \"c\"\";d\""));
    }

    @Test
    void anExponentSwallowsASignSoNoCommentStarts() {
        // 1e-  -5 ... the engine reads "1e-", then "-": "--" after an exponent is not a comment.
        assertThrows(ServerError.class, () -> parse("SELECT 1e--5\n; SELECT 2"));
        assertDoesNotThrow(() -> parse("SELECT 1e--'\n; SELECT 2 -- '")); // a string, not a comment and a ';'
    }

    @Test
    void unicodeWhitespaceSeparatesTokens() {
        // NO-BREAK SPACE between a word and a heredoc: the heredoc starts, as the engine sees it.
        assertThrows(ServerError.class, () -> parse("SELECT x\u00A0$$'$$; SELECT 2 -- '"));
    }

    @Test
    void aSemicolonInsideBracketsStillEndsTheStatement() {
        assertThrows(ServerError.class, () -> parse("SELECT (1; SELECT 2)"));
    }
}
