package dev.parallax.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The grants of the {@link ClickHouseRole}s, as the statements a ClickHouse server runs ({@code CREATE ROLE},
 * {@code GRANT}), from {@code clickhouse/access.sql}. The one definition of what each role may do: a real server
 * gets it from the launcher, the embedded front enforces it.
 */
public final class ClickHouseAccess {

    private static final String RESOURCE = "clickhouse/access.sql";

    private ClickHouseAccess() {
    }

    /** The statements, in order, without comments or the terminating {@code ;}. */
    public static List<String> definitions() {
        try (InputStream in = ClickHouseAccess.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the classpath");
            return statements(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * The {@code ;}-terminated statements of {@code text}; lines starting with {@code --} are comments. The file is
     * ours and holds no quoted {@code ;}, so this is all the splitting it needs.
     */
    static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.lines().toList()) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("--")) continue;
            if (!current.isEmpty()) current.append(' ');
            current.append(stripped);
            if (stripped.endsWith(";")) {
                statements.add(current.substring(0, current.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) throw new IllegalStateException(RESOURCE + " ends without ';': " + current);
        return List.copyOf(statements);
    }

    /**
     * The statements that create {@code role}'s user on a server, with its password (hashed by the server) and the
     * role as its default. Quoting follows ClickHouse's string and identifier literals.
     */
    public static List<String> createUser(ClickHouseRole role, ClickHouseLogin login) {
        String user = "`" + login.user().replace("\\", "\\\\").replace("`", "\\`") + "`";
        String password = "'" + login.password().replace("\\", "\\\\").replace("'", "\\'") + "'";
        return List.of("CREATE USER IF NOT EXISTS " + user + " IDENTIFIED WITH sha256_password BY " + password,
                "GRANT " + role.roleName() + " TO " + user,
                // Again with the password: a user that existed keeps its old one otherwise.
                "ALTER USER " + user + " IDENTIFIED WITH sha256_password BY " + password + " DEFAULT ROLE "
                        + role.roleName());
    }
}
