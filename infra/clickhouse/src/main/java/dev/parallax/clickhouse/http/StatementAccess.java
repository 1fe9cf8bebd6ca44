package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.http.SqlLexer.Token;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The privileges a statement needs, on which databases and tables, as a ClickHouse server would ask for them: the
 * table an INSERT writes, the objects DDL creates, alters or drops, and every table the statement reads. Read from
 * the lexer's tokens after {@link StatementPolicy} has refused what no user may run (table functions that reach
 * out, SYSTEM, access management, ...), so only tables and databases are left to find. A name it cannot place is
 * asked for rather than overlooked: the worst a misreading costs is a refusal.
 */
final class StatementAccess {

    /**
     * One privilege on {@code database.table}, {@code database.*} (table null), or any database (both null).
     */
    record Need(Privilege privilege, String database, String table) {
        @Override
        public String toString() {
            String on = database == null ? "*.*" : database + "." + (table == null ? "*" : table);
            return (privilege == Privilege.OTHER ? "this statement needs" : privilege.grantName()) + " ON " + on;
        }
    }

    /** Words that end a FROM list at their bracket depth. */
    private static final Set<String> AFTER_FROM = Set.of("WHERE", "PREWHERE", "GROUP", "ORDER", "LIMIT", "HAVING",
            "SETTINGS", "FORMAT", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "QUALIFY", "ARRAY", "JOIN", "INNER", "LEFT",
            "RIGHT", "FULL", "CROSS", "ON", "USING", "INTO", "OFFSET");
    /** system.one: what {@code SELECT 1} reads; every user may read it on a server too. */
    private static final String SYSTEM_ONE = "system.one";

    private final List<Token> tokens;
    private final String database;
    private final List<Need> needs = new ArrayList<>();

    private StatementAccess(List<Token> tokens, String database) {
        this.tokens = tokens;
        this.database = database;
    }

    /** What {@code statement} needs when run with {@code database} as the current one. */
    static List<Need> of(SqlStatement statement, String database) {
        StatementAccess access = new StatementAccess(statement.tokens(), database);
        access.object(statement.keyword());
        if (!statement.keyword().equals("SHOW")) access.reads(); // SHOW TABLES IN db names no table to read

        return List.copyOf(access.needs);
    }

    /** What the statement does to the object it names, by its kind. */
    private void object(String keyword) {
        switch (keyword) {
            case "INSERT" -> {
                int i = skip(1, "INTO");
                need(Privilege.INSERT, skip(i, "TABLE"));
            }
            case "CREATE" -> create();
            case "ALTER" -> alter();
            case "DROP" -> drop();
            case "TRUNCATE" -> {
                if (word(1, "ALL")) {
                    needs.add(new Need(Privilege.OTHER, null, null));
                } else {
                    need(Privilege.TRUNCATE, skipIfExists(skip(1, "TABLE")));
                }
            }
            case "OPTIMIZE" -> need(Privilege.OPTIMIZE, skip(1, "TABLE"));
            case "RENAME", "EXCHANGE" -> renameOrExchange();
            case "DELETE" -> need(Privilege.ALTER, skip(1, "FROM"));
            case "UPDATE" -> need(Privilege.ALTER, 1);
            case "SHOW" -> show();
            case "DESCRIBE", "DESC" -> {
                int i = skip(1, "TABLE");
                if (i < tokens.size() && !tokens.get(i).isSymbol('(')) need(Privilege.SHOW_COLUMNS, i);
            }
            case "EXISTS" -> {
                int i = skip(1, "TEMPORARY");
                if (word(i, "DATABASE")) {
                    needDatabase(Privilege.SHOW_DATABASES, i + 1);
                } else {
                    i = word(i, "TABLE") || word(i, "VIEW") || word(i, "DICTIONARY") ? i + 1 : i;
                    need(Privilege.SHOW_TABLES, i);
                }
            }
            case "CHECK" -> need(Privilege.SELECT, skip(1, "TABLE"));
            default -> { } // SELECT, WITH, EXPLAIN, '(': reads only; USE and SET: nothing (per request anyway)
        }
    }

    private void create() {
        int i = 1;
        boolean replace = word(i, "OR") && word(i + 1, "REPLACE");
        if (replace) i += 2;
        if (word(i, "DATABASE")) {
            needDatabase(Privilege.CREATE_DATABASE, skipIfNotExists(i + 1));
            if (replace) needDatabase(Privilege.DROP_DATABASE, skipIfNotExists(i + 1));
            return;
        }
        if (word(i, "INDEX")) { // CREATE INDEX [IF NOT EXISTS] name ON table: an ALTER ... ADD INDEX
            needAfter(Privilege.ALTER, "ON", i);
            return;
        }
        boolean view = word(i, "VIEW") || word(i, "MATERIALIZED");
        Privilege privilege = view ? Privilege.CREATE_VIEW : Privilege.CREATE_TABLE;
        int name = skipIfNotExists(skip(skip(i, "MATERIALIZED"), view ? "VIEW" : "TABLE"));
        need(privilege, name);
        if (replace) need(view ? Privilege.DROP_VIEW : Privilege.DROP_TABLE, name);
        boolean afterAs = false;
        for (int j = name + 1; j + 1 < tokens.size(); j++) {
            Token token = tokens.get(j);
            if (token.depth() != 0) continue;
            if (token.isWord("ENGINE")) bufferTarget(j + 1);
            if (afterAs) continue; // in AS SELECT, read like any query; its aliases are no tables
            if (view && token.isWord("TO")) need(Privilege.INSERT, j + 1); // a materialized view writes there
            if (token.isWord("AS")) {
                afterAs = true;
                // CREATE TABLE t AS other: other's structure
                if (!word(j + 1, "SELECT") && !word(j + 1, "WITH") && !tokens.get(j + 1).isSymbol('(')) read(j + 1);
            }
        }
    }

    /** ENGINE = Buffer(db, table, ...) reads and writes db.table: a way to any table, unless it is asked for. */
    private void bufferTarget(int i) {
        if (i < tokens.size() && tokens.get(i).isSymbol('=')) i++;
        if (!word(i, "Buffer")) return;
        String db = i + 2 < tokens.size() ? tokens.get(i + 2).identifier() : null;
        String table = i + 4 < tokens.size() && tokens.get(i + 3).isSymbol(',') ? tokens.get(i + 4).identifier() : null;
        if (db == null || table == null) {
            needs.add(new Need(Privilege.OTHER, null, null));
        } else {
            needs.add(new Need(Privilege.SELECT, db, table));
            needs.add(new Need(Privilege.INSERT, db, table));
        }
    }

    private void alter() {
        if (word(1, "DATABASE")) {
            needDatabase(Privilege.ALTER, 2);
            return;
        }
        int name = skip(skip(1, "TABLE"), "TEMPORARY");
        need(Privilege.ALTER, name);
        // Partitions moved to, replaced from or attached from another table change that one too.
        for (int j = name + 1; j + 1 < tokens.size(); j++) {
            Token token = tokens.get(j);
            if (token.depth() != 0) continue;
            if ((token.isWord("TO") && word(j + 1, "TABLE"))) need(Privilege.ALTER, j + 2);
            if (token.isWord("FROM")) need(Privilege.ALTER, j + 1);
        }
    }

    private void drop() {
        int i = skip(1, "TEMPORARY");
        if (word(i, "DATABASE")) {
            needDatabase(Privilege.DROP_DATABASE, skipIfExists(i + 1));
            return;
        }
        if (word(i, "INDEX")) {
            needAfter(Privilege.ALTER, "ON", i);
            return;
        }
        boolean view = word(i, "VIEW") || word(i, "MATERIALIZED");
        Privilege privilege = view ? Privilege.DROP_VIEW : Privilege.DROP_TABLE;
        int name = skipIfExists(skip(skip(i, "MATERIALIZED"), view ? "VIEW" : "TABLE"));
        while (name < tokens.size()) { // DROP TABLE a, b, ...
            name = need(privilege, name);
            if (name >= tokens.size() || !tokens.get(name).isSymbol(',')) break;
            name++;
        }
    }

    /** RENAME TABLE a TO b[, ...] and EXCHANGE TABLES a AND b: each table is dropped under one name, created under another. */
    private void renameOrExchange() {
        if (!word(1, "TABLE") && !word(1, "TABLES")) {
            needs.add(new Need(Privilege.OTHER, null, null)); // RENAME DATABASE, DICTIONARY
            return;
        }
        int i = 2;
        while (i < tokens.size()) {
            int next = need(Privilege.DROP_TABLE, i);
            need(Privilege.CREATE_TABLE, i);
            i = next + 1; // past TO, AND or ','
        }
    }

    private void show() {
        if (word(1, "TABLES") || (word(1, "FULL") && word(2, "TABLES"))) {
            int i = word(1, "FULL") ? 3 : 2;
            if (word(i, "FROM") || word(i, "IN")) {
                needDatabase(Privilege.SHOW_TABLES, i + 1);
            } else {
                needs.add(new Need(Privilege.SHOW_TABLES, database, null));
            }
        } else if (word(1, "DATABASES")) {
            needs.add(new Need(Privilege.SHOW_DATABASES, null, null));
        } else if (word(1, "CREATE")) {
            int i = skip(skip(skip(2, "TEMPORARY"), "MATERIALIZED"), "TABLE");
            if (i == 2 && word(2, "VIEW")) i = 3;
            // SHOW CREATE USER u, ROLE r, DATABASE d, ...: another kind of object than a table or view
            boolean otherKind = i == 2 && tokens.size() > 3 && tokens.get(3).identifier() != null;
            if (otherKind) {
                needs.add(new Need(Privilege.OTHER, null, null));
            } else {
                need(Privilege.SHOW_COLUMNS, i);
            }
        } else if (word(1, "COLUMNS") || (word(1, "FULL") && word(2, "COLUMNS"))) {
            showColumns(word(1, "FULL") ? 3 : 2);
        } else {
            needs.add(new Need(Privilege.OTHER, null, null)); // PROCESSLIST, GRANTS, USERS, SETTINGS, ...
        }
    }

    /** SHOW [FULL] COLUMNS FROM|IN table [FROM|IN db]: the second FROM names the table's database. */
    private void showColumns(int i) {
        if (!word(i, "FROM") && !word(i, "IN")) {
            needs.add(new Need(Privilege.OTHER, null, null));
            return;
        }
        String table = i + 1 < tokens.size() ? tokens.get(i + 1).identifier() : null;
        boolean inDatabase = word(i + 2, "FROM") || word(i + 2, "IN");
        String db = inDatabase && i + 3 < tokens.size() ? tokens.get(i + 3).identifier() : null;
        if (table == null || (inDatabase && db == null)) {
            needs.add(new Need(Privilege.OTHER, null, null));
        } else if (inDatabase) {
            needs.add(new Need(Privilege.SHOW_COLUMNS, db, table));
        } else {
            need(Privilege.SHOW_COLUMNS, i + 1);
        }
    }

    /**
     * SELECT on every table read: after FROM (of a SELECT), JOIN (not ARRAY JOIN), IN, or a comma in a FROM list.
     * Names defined by WITH name AS (SELECT ...) are the statement's own; a call in a table's place is a table function,
     * which {@link StatementPolicy} allows only when it reads nothing.
     */
    private void reads() {
        Set<String> commonTables = new HashSet<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            boolean subquery = word(i + 3, "SELECT") || word(i + 3, "WITH");
            if (tokens.get(i).identifier() != null && tokens.get(i + 1).isWord("AS") && tokens.get(i + 2).isSymbol('(')
                    && subquery) {
                commonTables.add(tokens.get(i).identifier());
            }
        }
        BitSet selectAt = new BitSet();
        BitSet fromListAt = new BitSet();
        for (int i = 1; i < tokens.size(); i++) {
            Token previous = tokens.get(i - 1);
            Token token = tokens.get(i);
            if (previous.isWord("SELECT")) selectAt.set(previous.depth());
            if (previous.isSymbol('(') || previous.isSymbol('[') || previous.isSymbol('{')) {
                selectAt.clear(previous.depth() + 1);
                fromListAt.clear(previous.depth() + 1);
            }
            int depth = previous.depth();
            if (previous.kind() == SqlLexer.Kind.WORD && AFTER_FROM.contains(previous.text().toUpperCase(Locale.ROOT))) {
                fromListAt.clear(depth);
            }
            boolean from = previous.isWord("FROM") && selectAt.get(depth);
            boolean join = previous.isWord("JOIN") && !(i >= 2 && tokens.get(i - 2).isWord("ARRAY"));
            boolean listed = previous.isSymbol(',') && fromListAt.get(depth);
            if (from) fromListAt.set(depth);
            boolean in = previous.isWord("IN") && !token.isWord("PARTITION"); // not ALTER ... IN PARTITION p
            if ((from || join || listed || in) && token.isSymbol('{')) {
                needs.add(new Need(Privilege.OTHER, null, null)); // {name:Identifier}: a table the front cannot see
            } else if ((from || join || listed || in) && token.identifier() != null) {
                boolean qualified = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol('.');
                if (!qualified && commonTables.contains(token.identifier())) continue;
                read(i);
            }
        }
    }

    /**
     * Needs {@code privilege} on the object named at {@code i} ({@code table} or {@code db.table}); returns the index
     * after the name. A bracket after it is a column list or definitions.
     */
    private int need(Privilege privilege, int i) {
        return need(privilege, i, false);
    }

    /** Needs SELECT on the table read at {@code i}; a call there (a table function) needs nothing here. */
    private void read(int i) {
        need(Privilege.SELECT, i, true);
    }

    private int need(Privilege privilege, int i, boolean tablePlace) {
        if (i >= tokens.size()) return i; // incomplete: the engine reports the syntax error
        String first = tokens.get(i).identifier();
        if (first == null) {
            needs.add(new Need(Privilege.OTHER, null, null)); // not a name the front can place
            return i + 1;
        }
        boolean qualified = i + 2 < tokens.size() && tokens.get(i + 1).isSymbol('.');
        String table = qualified ? tokens.get(i + 2).identifier() : first;
        String db = qualified ? first : database;
        int after = qualified ? i + 3 : i + 1;
        if (tablePlace && after < tokens.size() && tokens.get(after).isSymbol('(')) return after;
        if (table == null) {
            needs.add(new Need(Privilege.OTHER, null, null));
        } else if (!(privilege == Privilege.SELECT && (db + "." + table).equals(SYSTEM_ONE))) {
            needs.add(new Need(privilege, db, table));
        }
        return after;
    }

    private void needDatabase(Privilege privilege, int i) {
        String name = i < tokens.size() ? tokens.get(i).identifier() : null;
        needs.add(name == null ? new Need(Privilege.OTHER, null, null) : new Need(privilege, name, null));
    }

    /** Needs {@code privilege} on the table named after the first {@code keyword} from {@code i} on. */
    private void needAfter(Privilege privilege, String keyword, int i) {
        for (int j = i; j < tokens.size(); j++) {
            if (tokens.get(j).isWord(keyword)) {
                need(privilege, j + 1);
                return;
            }
        }
    }

    private int skipIfExists(int i) {
        return word(i, "IF") && word(i + 1, "EXISTS") ? i + 2 : i;
    }

    private int skipIfNotExists(int i) {
        return word(i, "IF") && word(i + 1, "NOT") && word(i + 2, "EXISTS") ? i + 3 : i;
    }

    private int skip(int i, String word) {
        return word(i, word) ? i + 1 : i;
    }

    private boolean word(int i, String word) {
        return i < tokens.size() && tokens.get(i).isWord(word);
    }
}
