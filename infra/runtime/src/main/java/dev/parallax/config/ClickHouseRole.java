package dev.parallax.config;

/**
 * The ClickHouse roles of Parallax's services (SECURITY.md): each service connects as a user of its own role, so
 * that a fault or an injection in one service can do no more than that service needs. What each role may do is
 * defined once, in {@link ClickHouseAccess#definitions()}.
 */
public enum ClickHouseRole {

    /** Inserts what the topics carry into their tables (and describes them). */
    SINK,
    /** Reads database {@code parallax}: ad-hoc queries, the CI gate. */
    READER,
    /** Reads {@code parallax} and inserts into the tables of its users' actions only. */
    UI,
    /** Creates and alters the tables of {@code parallax}: migrations, replay's shadow tables. */
    MIGRATOR;

    /** The role's name on a server and in the grant definitions, e.g. {@code parallax_sink}. */
    public String roleName() {
        return "parallax_" + key();
    }

    /** The configuration key of its user, e.g. {@code clickhouse.sink.user}. */
    public String userKey() {
        return "clickhouse." + key() + ".user";
    }

    /** The configuration key of its user's password, e.g. {@code clickhouse.sink.password}. */
    public String passwordKey() {
        return "clickhouse." + key() + ".password";
    }

    /** The user's name when only its password is configured (as the local stack does), e.g. {@code parallax_sink}. */
    String defaultUser() {
        return roleName();
    }

    private String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
