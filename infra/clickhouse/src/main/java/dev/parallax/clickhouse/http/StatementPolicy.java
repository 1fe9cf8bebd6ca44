package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.http.SqlLexer.Token;

import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the embedded front refuses for every user, before the engine sees it. chDB runs every statement as an
 * all-powerful local user inside the process that also holds the data: a table function or statement that reaches
 * files, the network, other processes or the engine itself would do so with the front's rights (issue 13). The
 * project's own SQL needs none of that, so this denies by default: statement kinds, table functions and table
 * engines are allowed from short lists; everything else is ACCESS_DENIED (497).
 *
 * <p>It reads the statement's tokens as the engine's lexer cuts them ({@link SqlLexer}), so comments, quoting and
 * spacing cannot hide a name from it.
 */
final class StatementPolicy {

    static final int ACCESS_DENIED = 497;

    /** Statement kinds, by first word. A statement may also start with '(' (a parenthesised SELECT). */
    private static final Set<String> STATEMENTS = Set.of("SELECT", "WITH", "INSERT", "CREATE", "ALTER", "DROP",
            "TRUNCATE", "RENAME", "EXCHANGE", "OPTIMIZE", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN", "CHECK",
            "USE", "SET", "DELETE", "UPDATE");
    /** ClickHouse statements refused as such; any other unknown first word is a syntax error. */
    private static final Set<String> DENIED_STATEMENTS = Set.of("SYSTEM", "KILL", "GRANT", "REVOKE", "BACKUP",
            "RESTORE", "ATTACH", "DETACH", "WATCH", "BEGIN", "COMMIT", "ROLLBACK", "START", "EXECUTE", "MOVE",
            "UNDROP", "REPLACE", "SHUTDOWN");
    /** What CREATE, ALTER and DROP may act on (after OR REPLACE). Not users, roles, functions, dictionaries... */
    private static final Set<String> OBJECTS = Set.of("TABLE", "DATABASE", "VIEW", "MATERIALIZED", "INDEX");
    /** Table functions that only generate or parse data given inline; the project's SQL uses numbers(). */
    static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of("numbers", "numbers_mt", "zeros", "zeros_mt",
            "generate_series", "generateseries", "values", "null", "format");
    /** Refused even when the engine's list of table functions cannot be read. */
    static final Set<String> KNOWN_DANGEROUS_TABLE_FUNCTIONS = Set.of("file", "filecluster", "filesystem", "url",
            "urlcluster", "remote", "remotesecure", "cluster", "clusterallreplicas", "s3", "s3cluster", "gcs", "oss",
            "cosn", "azureblobstorage", "azureblobstoragecluster", "hdfs", "hdfscluster", "executable", "mysql",
            "postgresql", "sqlite", "mongodb", "redis", "jdbc", "odbc", "input", "dictionary", "merge", "view",
            "iceberglocal", "deltalakelocal", "paimonlocal", "arrowstream", "ytsaurus", "prometheusquery");
    /** Functions refused wherever they are called: file() reads any file, disk() puts a table on any path. */
    private static final Set<String> DENIED_FUNCTIONS = Set.of("file", "disk", "catboostevaluate");
    /** Table and database engines that keep data inside the engine's own directory. */
    private static final Set<String> ALLOWED_ENGINES = lower(Set.of("MergeTree", "ReplacingMergeTree",
            "SummingMergeTree", "AggregatingMergeTree", "CollapsingMergeTree", "VersionedCollapsingMergeTree",
            "CoalescingMergeTree", "GraphiteMergeTree", "Memory", "Null", "Log", "TinyLog", "StripeLog", "Set", "Join",
            "Buffer", "Atomic"));
    /** Settings that name a file the engine would read (format schemas and templates). */
    private static final Set<String> FILE_SETTINGS = Set.of("format_schema", "format_template_resultset",
            "format_template_row");
    /**
     * URL settings are set on the pooled engine connection and reset after the request; these would stop the reset
     * (readonly is handled by the front itself, see {@link #readOnly}) or change how the next text is parsed.
     */
    private static final Set<String> STICKY_SETTINGS = Set.of("allow_ddl", "profile", "dialect", "max_query_size",
            "max_parser_depth", "max_parser_backtracks", "max_ast_depth", "max_ast_elements",
            "max_expanded_ast_elements", "max_concurrent_queries_for_user", "max_concurrent_queries_for_all_users",
            "allow_introspection_functions", "implicit_select");
    /** Words that end a SETTINGS clause at its own bracket depth. */
    private static final Set<String> AFTER_SETTINGS = Set.of("FORMAT", "SELECT", "WITH", "VALUES", "FROM", "INTO",
            "WHERE", "AS", "UNION", "EXCEPT", "INTERSECT", "ORDER", "LIMIT", "GROUP", "HAVING", "PARALLEL");
    /** Statement kinds a read-only request may run. */
    private static final Set<String> READS = Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS",
            "EXPLAIN", "");

    private final Set<String> deniedTableFunctions;

    /** @param engineTableFunctions the engine's table functions; all but the allow-list are refused */
    StatementPolicy(Collection<String> engineTableFunctions) {
        this.deniedTableFunctions = engineTableFunctions.stream().map(n -> n.toLowerCase(Locale.ROOT))
                .filter(n -> !ALLOWED_TABLE_FUNCTIONS.contains(n))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Refuses what {@code user}'s statement must not do. */
    void check(SqlStatement statement, String user) throws ServerError {
        List<Token> tokens = statement.tokens();
        String keyword = statement.keyword();
        Token first = tokens.getFirst();
        if (!first.isSymbol('(') && !STATEMENTS.contains(keyword)) {
            if (DENIED_STATEMENTS.contains(keyword)) throw denied(user, keyword + " statements");
            // Not a statement at all (a typo, or chDB's implicit SELECT, which a server does not have): what a
            // server answers; either way it does not reach the engine.
            throw ServerError.of(ServerError.SYNTAX_ERROR, "SYNTAX_ERROR", "Syntax error: failed at position "
                    + (first.start() + 1) + " (" + first.text() + "): expected a statement (SELECT, INSERT, ...)");
        }
        switch (keyword) {
            case "CREATE", "ALTER", "DROP" -> checkObject(tokens, keyword, user);
            case "INSERT" -> {
                int i = 1;
                if (word(tokens, i, "INTO")) i++;
                if (word(tokens, i, "TABLE")) i++;
                if (word(tokens, i, "FUNCTION")) throw denied(user, "INSERT INTO FUNCTION");
            }
            case "SET" -> {
                if (word(tokens, 1, "ROLE") || (word(tokens, 1, "DEFAULT") && word(tokens, 2, "ROLE"))
                        || word(tokens, 1, "TRANSACTION")) {
                    throw denied(user, "SET " + tokens.get(1).text().toUpperCase(Locale.ROOT));
                }
                checkSettingNames(tokens, 1, first.depth(), user);
            }
            default -> { }
        }
        BitSet selectAt = new BitSet();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            Token previous = i > 0 ? tokens.get(i - 1) : null;
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (token.isWord("SELECT")) selectAt.set(token.depth());
            if (token.isSymbol('(') || token.isSymbol('[') || token.isSymbol('{')) selectAt.clear(token.depth() + 1);
            if (token.isWord("INTO") && next != null && next.isWord("OUTFILE")) throw denied(user, "INTO OUTFILE");
            if (token.isWord("FROM") && next != null && next.isWord("INFILE")) throw denied(user, "FROM INFILE");
            if (keyword.equals("ALTER") && copiesPartsOut(token, next)) {
                throw denied(user, "ALTER ... " + token.text().toUpperCase(Locale.ROOT));
            }
            String name = token.identifier();
            if (name != null && next != null && next.isSymbol('(')) {
                checkCall(name, previous, keyword, selectAt, user);
            }
            if (keyword.equals("CREATE") && token.isWord("ENGINE")) checkEngine(tokens, i + 1, user);
            if (token.isWord("SETTINGS") && (previous == null || !previous.isSymbol('.'))) {
                checkSettingNames(tokens, i + 1, token.depth(), user);
            }
        }
    }

    /** Refuses URL settings that could reach files or outlive the request on the engine connection. */
    void checkSettings(Map<String, String> settings, String user) throws ServerError {
        for (String name : settings.keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (STICKY_SETTINGS.contains(lower) || FILE_SETTINGS.contains(lower)) {
                throw denied(user, "changing setting " + name);
            }
        }
    }

    /** Whether a request that asked for {@code readonly} may run {@code statement} (SET only with readonly=2). */
    static boolean readOnly(SqlStatement statement, String readonly) {
        if (readonly == null || readonly.equals("0")) return true;
        if (statement.keyword().equals("SET")) return readonly.equals("2");
        return READS.contains(statement.keyword());
    }

    private void checkCall(String name, Token previous, String keyword, BitSet selectAt, String user)
            throws ServerError {
        String lower = name.toLowerCase(Locale.ROOT);
        if (DENIED_FUNCTIONS.contains(lower) || deniedTableFunctions.contains(lower)
                || KNOWN_DANGEROUS_TABLE_FUNCTIONS.contains(lower)) {
            throw denied(user, "function " + name + "()");
        }
        // In a table's place any call is a table function, even one this engine does not list.
        boolean tablePlace = previous != null && (previous.isWord("JOIN")
                || (previous.isWord("FROM") && selectAt.get(previous.depth()))
                || previous.isWord("DESCRIBE") || previous.isWord("DESC")
                || ((keyword.equals("DESCRIBE") || keyword.equals("DESC")) && previous.isWord("TABLE"))
                || (keyword.equals("CREATE") && previous.isWord("AS") && previous.depth() == 0));
        if (tablePlace && !ALLOWED_TABLE_FUNCTIONS.contains(lower)) {
            throw denied(user, "table function " + name + "()");
        }
    }

    /** ALTER TABLE ... FREEZE / UNFREEZE (copies of parts on disk) and FETCH PARTITION (from another replica). */
    private static boolean copiesPartsOut(Token token, Token next) {
        boolean partitionOrEnd = next == null || next.isWord("PARTITION") || next.isWord("PART") || next.isWord("WITH");
        return (token.isWord("FREEZE") || token.isWord("UNFREEZE") || token.isWord("FETCH")) && partitionOrEnd;
    }

    private static void checkObject(List<Token> tokens, String keyword, String user) throws ServerError {
        int i = 1;
        if (word(tokens, i, "OR") && word(tokens, i + 1, "REPLACE")) i += 2;
        Token object = i < tokens.size() ? tokens.get(i) : null;
        if (object == null) return; // incomplete: the engine reports the syntax error
        String kind = object.text().toUpperCase(Locale.ROOT);
        if (object.kind() != SqlLexer.Kind.WORD || !OBJECTS.contains(kind)) {
            throw denied(user, keyword + " " + kind);
        }
    }

    private static void checkEngine(List<Token> tokens, int i, String user) throws ServerError {
        if (i < tokens.size() && tokens.get(i).isSymbol('=')) i++;
        String engine = i < tokens.size() ? tokens.get(i).identifier() : null;
        if (engine != null && !ALLOWED_ENGINES.contains(engine.toLowerCase(Locale.ROOT))) {
            throw denied(user, "engine " + engine);
        }
    }

    /** The names assigned in a SET statement or SETTINGS clause starting at {@code from}, at bracket depth {@code depth}. */
    private static void checkSettingNames(List<Token> tokens, int from, int depth, String user) throws ServerError {
        boolean namePlace = true;
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.depth() < depth) return;
            if (token.depth() > depth) continue;
            if (token.kind() == SqlLexer.Kind.WORD && !namePlace
                    && AFTER_SETTINGS.contains(token.text().toUpperCase(Locale.ROOT))) {
                return;
            }
            String name = token.identifier();
            if (namePlace && name != null && FILE_SETTINGS.contains(name.toLowerCase(Locale.ROOT))) {
                throw denied(user, "setting " + name);
            }
            namePlace = token.isSymbol(',');
        }
    }

    private static boolean word(List<Token> tokens, int i, String word) {
        return i < tokens.size() && tokens.get(i).isWord(word);
    }

    private static ServerError denied(String user, String what) {
        return ServerError.of(ACCESS_DENIED, "ACCESS_DENIED", user + ": Not enough privileges: the embedded "
                + "ClickHouse refuses " + what + " for every user (it runs them with the rights of its own process)");
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
