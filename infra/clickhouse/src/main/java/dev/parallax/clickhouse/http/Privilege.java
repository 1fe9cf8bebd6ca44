package dev.parallax.clickhouse.http;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The ClickHouse privileges the front enforces for a role, by their names in a {@code GRANT}. Those a statement may
 * need and no grant here can give (SYSTEM, access management, SHOW PROCESSLIST, ...) are {@link #OTHER}.
 */
enum Privilege {
    SELECT, INSERT, ALTER, CREATE_DATABASE, CREATE_TABLE, CREATE_VIEW, DROP_DATABASE, DROP_TABLE, DROP_VIEW, TRUNCATE,
    OPTIMIZE, SHOW_DATABASES, SHOW_TABLES, SHOW_COLUMNS,
    /** What a statement the front does not model for roles needs: never granted. */
    OTHER;

    /** The name in a GRANT, e.g. {@code CREATE TABLE}. */
    String grantName() {
        return name().replace('_', ' ');
    }

    /**
     * The privileges a GRANT names with {@code words} (upper case, single spaces), groups expanded as ClickHouse
     * expands them.
     *
     * @throws IllegalArgumentException for a name the front does not enforce, so the grants it enforces can never
     *                                  silently differ from those a server would
     */
    static Set<Privilege> named(String words) {
        return switch (words) {
            case "SHOW" -> EnumSet.of(SHOW_DATABASES, SHOW_TABLES, SHOW_COLUMNS);
            case "CREATE" -> EnumSet.of(CREATE_DATABASE, CREATE_TABLE, CREATE_VIEW);
            case "DROP" -> EnumSet.of(DROP_DATABASE, DROP_TABLE, DROP_VIEW);
            default -> Arrays.stream(values()).filter(p -> p != OTHER && p.grantName().equals(words)).findFirst()
                    .map(EnumSet::of)
                    .orElseThrow(() -> new IllegalArgumentException("the embedded front does not enforce privilege "
                            + words.toUpperCase(Locale.ROOT)));
        };
    }
}
