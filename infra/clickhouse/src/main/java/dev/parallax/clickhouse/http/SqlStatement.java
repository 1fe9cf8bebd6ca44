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
 * <p>A server runs exactly one statement per request; chDB would run several, so the rest is refused here. Where
 * one statement ends is decided by {@link SqlLexer}, which cuts the text exactly as the engine does: a {@code ;}
 * token ends the statement, and anything but more {@code ;} after it is refused. An {@code INSERT ... VALUES} or
 * {@code INSERT ... FORMAT <name>} carries its data inline after the SQL: everything from there on is data
 * (possibly binary), never SQL.
 *
 * @param keyword      the statement's first word, upper case (SELECT, INSERT, SET, ...), or "" if none
 * @param sql          the statement's text, without a trailing semicolon
 * @param outputFormat the format named by a {@code FORMAT} clause of a non-INSERT statement, or null
 * @param insert       the inline-data INSERT's parts, or null for any other statement
 * @param tokens       the statement's tokens (for an inline-data INSERT, up to its data), for {@link StatementPolicy}
 */
record SqlStatement(String keyword, String sql, String outputFormat, InlineInsert insert, List<Token> tokens) {

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
        return parse(source, source.length);
    }

    /** Parses the statement in the first {@code length} bytes of {@code source}. */
    static SqlStatement parse(byte[] source, int length) throws ServerError {
        SqlLexer lexer = new SqlLexer(source, 0, length);
        Token first = lexer.next();
        if (first == null) throw ServerError.of(ServerError.EMPTY_QUERY, "EMPTY_QUERY", "Empty query");
        String keyword = first.kind() == Kind.WORD ? first.text().toUpperCase(Locale.ROOT) : "";
        boolean insert = keyword.equals("INSERT");
        int settingsStart = -1;
        OutputFormatClause outputFormat = new OutputFormatClause();
        List<Token> tokens = new ArrayList<>();
        tokens.add(first);
        Token token;
        while ((token = lexer.next()) != null) {
            if (token.isSymbol(';')) {
                // At any depth: inside brackets the engine refuses the statement anyway.
                rejectFurtherStatements(lexer, source, length, token);
                break;
            }
            tokens.add(token);
            if (insert && token.depth() == 0 && token.kind() == Kind.WORD) {
                if (token.isWord("SELECT") || token.isWord("WITH")) {
                    insert = false; // INSERT ... SELECT: plain SQL
                } else if (token.isWord("SETTINGS")) {
                    settingsStart = token.start();
                } else if (token.isWord("VALUES")) {
                    return inlineInsert(keyword, source, first, settingsStart, token.start(), "Values", token.end(),
                            tokens);
                } else if (token.isWord("FORMAT")) {
                    Token name = lexer.next();
                    if (name == null || name.identifier() == null) continue; // the engine reports the error
                    tokens.add(name);
                    return inlineInsert(keyword, source, first, settingsStart, token.start(), name.identifier(),
                            dataStart(source, length, name.end()), tokens);
                }
            }
            outputFormat.accept(token);
        }
        int end = token == null ? length : token.start();
        String sql = new String(source, first.start(), end - first.start(), StandardCharsets.UTF_8);
        return new SqlStatement(keyword, sql, outputFormat.format(), null, List.copyOf(tokens));
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
                                             int dataKeywordStart, String format, int dataOffset, List<Token> tokens) {
        int targetEnd = settingsStart >= 0 ? settingsStart : dataKeywordStart;
        String target = text(source, first.start(), targetEnd);
        String settings = settingsStart >= 0 ? text(source, settingsStart, dataKeywordStart) : "";
        String sql = text(source, first.start(), dataKeywordStart);
        return new SqlStatement(keyword, sql, null, new InlineInsert(target, settings, format, dataOffset),
                List.copyOf(tokens));
    }

    /**
     * Where data starts after the format name, by the server's rule: skip spaces and tabs, then at most one line
     * break. Anything else, even whitespace on the next line, is data.
     */
    private static int dataStart(byte[] source, int length, int afterFormatName) {
        int i = afterFormatName;
        while (i < length && (source[i] == ' ' || source[i] == '\t')) i++;
        if (i < length && source[i] == '\r') i++;
        if (i < length && source[i] == '\n') i++;
        return i;
    }

    /**
     * Refuses the request when anything but {@code ;} follows the statement's {@code ;}, reporting the position of
     * that first {@code ;} as the engine does.
     */
    private static void rejectFurtherStatements(SqlLexer lexer, byte[] source, int length, Token semicolon)
            throws ServerError {
        Token extra;
        while ((extra = lexer.next()) != null) {
            if (extra.isSymbol(';')) continue;
            int line = 1;
            int column = 1;
            for (int i = 0; i < semicolon.start(); i++) {
                if (source[i] == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            String rest = text(source, semicolon.start(), Math.min(length, semicolon.start() + 60));
            throw ServerError.of(ServerError.SYNTAX_ERROR, "SYNTAX_ERROR",
                    "Syntax error (Multi-statements are not allowed): failed at position " + (semicolon.start() + 1)
                            + " (line " + line + ", col " + column + "): " + rest);
        }
    }

    private static String text(byte[] source, int from, int to) {
        return new String(source, from, to - from, StandardCharsets.UTF_8).strip();
    }
}
