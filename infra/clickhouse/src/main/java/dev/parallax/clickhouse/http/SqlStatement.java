package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.http.SqlLexer.Kind;
import dev.parallax.clickhouse.http.SqlLexer.Token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one statement of a request, as a ClickHouse server's HTTP handler sees it.
 *
 * <p>A server runs exactly one statement per request; chDB would run several, so the rest is refused here. An
 * {@code INSERT ... VALUES} or {@code INSERT ... FORMAT <name>} carries its data inline after the SQL: everything
 * from there on is data (possibly binary), never SQL.
 *
 * @param keyword          the statement's first word, upper case (SELECT, INSERT, SET, ...), or "" if none
 * @param sql              the statement's text, without a trailing semicolon
 * @param outputFormat     the format named by a {@code FORMAT} clause of a non-INSERT statement, or null
 * @param insert           the inline-data INSERT's parts, or null for any other statement
 * @param assignedSettings for a {@code SET} statement, the names of the settings it changes
 */
record SqlStatement(String keyword, String sql, String outputFormat, InlineInsert insert,
                    List<String> assignedSettings) {

    /**
     * An INSERT with inline data, split so the data can be supplied another way.
     *
     * @param target     {@code INSERT INTO [TABLE] t [(columns)]}
     * @param settings   its {@code SETTINGS ...} clause, or ""
     * @param format     the data's format ({@code Values} for {@code VALUES})
     * @param dataOffset where the data starts in the request bytes
     */
    record InlineInsert(String target, String settings, String format, int dataOffset) {
    }

    /**
     * Parses the statement in {@code source}.
     *
     * @throws ServerError SYNTAX_ERROR for a second statement, EMPTY_QUERY when there is no statement at all
     */
    static SqlStatement parse(byte[] source) throws ServerError {
        SqlLexer lexer = new SqlLexer(source, 0, source.length);
        Token first = lexer.next();
        if (first == null) throw ServerError.of(ServerError.EMPTY_QUERY, "EMPTY_QUERY", "Empty query");
        String keyword = first.kind() == Kind.WORD ? first.text().toUpperCase(Locale.ROOT) : "";
        boolean insert = keyword.equals("INSERT");
        boolean set = keyword.equals("SET");
        int settingsStart = -1;
        OutputFormatClause outputFormat = new OutputFormatClause();
        List<String> assigned = new ArrayList<>();
        boolean expectSettingName = set;
        Token settingName = null;
        Token token;
        while ((token = lexer.next()) != null) {
            if (token.depth() == 0 && token.isSymbol(';')) {
                rejectFurtherStatements(lexer, source);
                break;
            }
            if (insert && token.depth() == 0 && token.kind() == Kind.WORD) {
                if (token.isWord("SELECT") || token.isWord("WITH")) {
                    insert = false; // INSERT ... SELECT: plain SQL
                } else if (token.isWord("SETTINGS")) {
                    settingsStart = token.start();
                } else if (token.isWord("VALUES")) {
                    return inlineInsert(keyword, source, first, settingsStart, token.start(), "Values", token.end());
                } else if (token.isWord("FORMAT")) {
                    Token name = lexer.next();
                    if (name == null || name.identifier() == null) continue; // the engine reports the error
                    return inlineInsert(keyword, source, first, settingsStart, token.start(), name.identifier(),
                            dataStart(source, name.end()));
                }
            }
            outputFormat.accept(token);
            if (set && token.depth() == 0) {
                // SET name = value [, name = value]...: a name follows SET or a top-level comma.
                if (token.isSymbol('=') && settingName != null) assigned.add(settingName.identifier());
                settingName = expectSettingName && token.identifier() != null ? token : null;
                expectSettingName = token.isSymbol(',');
            }
        }
        int end = token == null ? source.length : token.start();
        String sql = new String(source, first.start(), end - first.start(), StandardCharsets.UTF_8);
        return new SqlStatement(keyword, sql, outputFormat.format(), null, List.copyOf(assigned));
    }

    /**
     * Finds {@code FORMAT <name>} ending a statement (optionally followed by SETTINGS), telling it apart from a
     * column or alias that happens to be called "format".
     */
    private static final class OutputFormatClause {
        private boolean afterFormatKeyword;
        private String candidate;
        private boolean confirmed;

        void accept(Token token) {
            if (candidate != null && !confirmed) {
                if (token.depth() == 0 && token.isWord("SETTINGS")) {
                    confirmed = true;
                } else {
                    candidate = null;
                }
            }
            if (afterFormatKeyword && token.depth() == 0 && token.identifier() != null && !confirmed) {
                candidate = token.identifier();
            }
            afterFormatKeyword = token.depth() == 0 && token.isWord("FORMAT");
        }

        String format() {
            return candidate;
        }
    }

    private static SqlStatement inlineInsert(String keyword, byte[] source, Token first, int settingsStart,
                                             int dataKeywordStart, String format, int dataOffset) {
        int targetEnd = settingsStart >= 0 ? settingsStart : dataKeywordStart;
        String target = text(source, first.start(), targetEnd);
        String settings = settingsStart >= 0 ? text(source, settingsStart, dataKeywordStart) : "";
        String sql = text(source, first.start(), dataKeywordStart);
        return new SqlStatement(keyword, sql, null, new InlineInsert(target, settings, format, dataOffset), List.of());
    }

    /**
     * Where data starts after the format name, by the server's rule: skip spaces and tabs, then at most one line
     * break. Anything else, even whitespace on the next line, is data.
     */
    private static int dataStart(byte[] source, int afterFormatName) {
        int i = afterFormatName;
        while (i < source.length && (source[i] == ' ' || source[i] == '\t')) i++;
        if (i < source.length && source[i] == '\r') i++;
        if (i < source.length && source[i] == '\n') i++;
        return i;
    }

    private static void rejectFurtherStatements(SqlLexer lexer, byte[] source) throws ServerError {
        Token extra;
        while ((extra = lexer.next()) != null) {
            if (extra.isSymbol(';')) continue;
            int line = 1;
            int column = 1;
            for (int i = 0; i < extra.start(); i++) {
                if (source[i] == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            String rest = text(source, extra.start(), Math.min(source.length, extra.start() + 60));
            throw ServerError.of(ServerError.SYNTAX_ERROR, "SYNTAX_ERROR",
                    "Syntax error (Multi-statements are not allowed): failed at position " + (extra.start() + 1)
                            + " (line " + line + ", col " + column + "): " + rest);
        }
    }

    private static String text(byte[] source, int from, int to) {
        return new String(source, from, to - from, StandardCharsets.UTF_8).strip();
    }
}
