package dev.parallax.warehouse;

import dev.parallax.config.ClickHouseAccess;
import dev.parallax.config.ClickHouseLogin;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Connections to the configured ClickHouse through the official JDBC driver, each as the user of a
 * {@link ClickHouseRole}; the schema migration (as the migrator) and, on a real server, the roles' users and grants.
 * The driver must be on the classpath; nothing here depends on its classes.
 */
public final class Warehouse {

    /** Configuration keys passed to the ClickHouse driver as they are, without this prefix. */
    public static final String CLIENT_PREFIX = "clickhouse.client.";

    private Warehouse() {
    }

    /**
     * A connection to the warehouse database ({@code clickhouse.jdbc}, or derived from {@code clickhouse.url}) as
     * {@code role}'s user, tuned for batch inserts: a simple {@code INSERT ... VALUES (?, ?, ...)} goes as a typed
     * RowBinary body.
     * An insert that mixes literals with {@code ?} placeholders fails on such a connection (the driver binds
     * the values by column position); use a plain connection for those.
     */
    public static Connection connect(ParallaxConfig config, ClickHouseRole role) throws SQLException {
        return connect(config, config.clickhouseLogin(role));
    }

    /** {@link #connect(ParallaxConfig, ClickHouseRole)} as the shared {@code clickhouse.user}: tests, an admin. */
    public static Connection connect(ParallaxConfig config) throws SQLException {
        return connect(config, new ClickHouseLogin(config.clickhouseUser(), config.clickhousePassword()));
    }

    private static Connection connect(ParallaxConfig config, ClickHouseLogin login) throws SQLException {
        return DriverManager.getConnection(config.clickhouseJdbcUrl(), properties(config, login));
    }

    /**
     * Applies pending migrations, as the migrator ({@link ClickHouseRole#MIGRATOR}'s user). The database may not
     * exist yet, so unless a JDBC URL is configured explicitly, this connects to the server's {@code default}
     * database.
     */
    public static MigrationPlan migrate(ParallaxConfig config) {
        String url = serverUrl(config);
        try (Connection connection = DriverManager.getConnection(url,
                properties(config, config.clickhouseLogin(ClickHouseRole.MIGRATOR)))) {
            return Migrator.warehouse().migrate(connection);
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to ClickHouse at " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * On a real server, creates the roles and grants of {@link ClickHouseAccess#definitions()} and, for each role
     * with a user of its own configured ({@code clickhouse.<role>.user} / {@code .password}), that user with its
     * password and the role as its default. Connects as {@code clickhouse.user}, which must hold access management
     * (an administrator): no role has it. The embedded engine has no users of its own (its front enforces the same
     * grants), so this is for external servers only.
     *
     * @return the roles whose users were created or updated
     */
    public static List<ClickHouseRole> grantAccess(ParallaxConfig config) {
        String url = serverUrl(config);
        List<ClickHouseRole> users = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url,
                properties(config, new ClickHouseLogin(config.clickhouseUser(), config.clickhousePassword())));
             Statement statement = connection.createStatement()) {
            for (String sql : ClickHouseAccess.definitions()) statement.execute(sql);
            for (ClickHouseRole role : ClickHouseRole.values()) {
                var login = config.ownClickhouseLogin(role);
                if (login.isEmpty()) continue;
                for (String sql : ClickHouseAccess.createUser(role, login.get())) statement.execute(sql);
                users.add(role);
            }
            return users;
        } catch (SQLException e) {
            throw new MigrationException("cannot set up the ClickHouse roles and users at " + url + " as "
                    + config.clickhouseUser() + ": " + e.getMessage(), e);
        }
    }

    private static String serverUrl(ParallaxConfig config) {
        return config.find(ParallaxConfig.CLICKHOUSE_JDBC)
                .orElseGet(() -> ParallaxConfig.jdbcUrl(config.clickhouseUrl(), "default"));
    }

    /**
     * The driver's properties: any {@code clickhouse.client.<property>} of the configuration (TLS to a server, e.g.
     * {@code clickhouse.client.sslrootcert=/etc/ssl/clickhouse-ca.pem} with an {@code https://} URL; timeouts),
     * then the login's user and password, which no client property overrides.
     */
    private static Properties properties(ParallaxConfig config, ClickHouseLogin login) {
        Properties props = new Properties();
        props.putAll(config.under(CLIENT_PREFIX));
        props.setProperty("user", login.user());
        props.setProperty("password", login.password());
        // Typed RowBinary bodies for batch inserts instead of VALUES text: about twice the rate (STACK.md).
        props.setProperty("beta.row_binary_for_simple_insert", "true");
        return props;
    }
}
