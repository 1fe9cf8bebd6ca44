package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.http.SqlLexer.Token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one role may do: privileges on {@code db.*} or {@code db.table}, read from the same {@code CREATE ROLE} and
 * {@code GRANT} statements a real server runs ({@link dev.parallax.config.ClickHouseAccess}), so the front and a
 * server cannot disagree. Names are compared exactly, as ClickHouse compares identifiers.
 */
final class Grants {

    /** Every privilege everywhere: the front's owner user (the policy's refusals still apply). */
    static final Grants ALL = new Grants(null);

    /** Per privilege, the {@code db.*} and {@code db.table} it is granted on; null for {@link #ALL}. */
    private final Map<Privilege, Set<String>> granted;

    private Grants(Map<Privilege, Set<String>> granted) {
        this.granted = granted;
    }

    /**
     * The grants of each role created by {@code statements}: {@code CREATE ROLE [IF NOT EXISTS] r} and
     * {@code GRANT p[, p...] ON db.*|db.table TO r[, r...]}.
     *
     * @throws IllegalArgumentException for any other statement, a privilege the front does not enforce, or a grant
     *                                  to a role not created before it
     */
    static Map<String, Grants> parse(List<String> statements) {
        Map<String, Map<Privilege, Set<String>>> roles = new HashMap<>();
        for (String sql : statements) {
            List<Token> tokens = tokens(sql);
            if (tokens.size() >= 3 && tokens.get(0).isWord("CREATE") && tokens.get(1).isWord("ROLE")) {
                roles.putIfAbsent(tokens.getLast().identifier(), new EnumMap<>(Privilege.class));
            } else if (!tokens.isEmpty() && tokens.getFirst().isWord("GRANT")) {
                grant(tokens, roles, sql);
            } else {
                throw new IllegalArgumentException("not a CREATE ROLE or GRANT statement: " + sql);
            }
        }
        Map<String, Grants> grants = new HashMap<>();
        roles.forEach((role, privileges) -> grants.put(role, new Grants(privileges)));
        return Map.copyOf(grants);
    }

    private static void grant(List<Token> tokens, Map<String, Map<Privilege, Set<String>>> roles, String sql) {
        Set<Privilege> privileges = new HashSet<>();
        List<String> words = new ArrayList<>();
        int i = 1;
        for (; i < tokens.size() && !tokens.get(i).isWord("ON"); i++) {
            if (tokens.get(i).isSymbol(',')) {
                privileges.addAll(Privilege.named(String.join(" ", words)));
                words.clear();
            } else {
                words.add(tokens.get(i).text().toUpperCase(Locale.ROOT));
            }
        }
        privileges.addAll(Privilege.named(String.join(" ", words)));
        // ON db . ( * | table ) TO role [, role ...]
        if (i + 4 >= tokens.size() || !tokens.get(i + 2).isSymbol('.') || !tokens.get(i + 4).isWord("TO")) {
            throw new IllegalArgumentException("expected GRANT ... ON db.* or db.table TO role: " + sql);
        }
        String database = tokens.get(i + 1).identifier();
        Token table = tokens.get(i + 3);
        String target = database + "." + (table.isSymbol('*') ? "*" : table.identifier());
        for (i += 5; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol(',')) continue;
            Map<Privilege, Set<String>> role = roles.get(tokens.get(i).identifier());
            if (role == null) throw new IllegalArgumentException("grant to a role not created before: " + sql);
            privileges.forEach(p -> role.computeIfAbsent(p, k -> new HashSet<>()).add(target));
        }
    }

    /** Refuses, as a server does, the first of {@code needs} these grants do not give. */
    void check(List<StatementAccess.Need> needs, String user) throws ServerError {
        if (granted == null) return;
        for (StatementAccess.Need need : needs) {
            if (!allows(need)) {
                throw ServerError.of(StatementPolicy.ACCESS_DENIED, "ACCESS_DENIED", user + ": Not enough "
                        + "privileges. To execute this query, it's necessary to have the grant " + need);
            }
        }
    }

    private boolean allows(StatementAccess.Need need) {
        Set<String> targets = granted.getOrDefault(need.privilege(), Set.of());
        if (need.database() == null) return !targets.isEmpty(); // SHOW DATABASES: any database it may see
        return targets.contains(need.database() + ".*")
                || (need.table() != null && targets.contains(need.database() + "." + need.table()));
    }

    private static List<Token> tokens(String sql) {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        SqlLexer lexer = new SqlLexer(bytes, 0, bytes.length);
        List<Token> tokens = new ArrayList<>();
        for (Token t = lexer.next(); t != null; t = lexer.next()) tokens.add(t);
        return tokens;
    }
}
