package dev.parallax.clickhouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** One embedded server per test class, on a fresh data directory. */
final class TestServers {

    static final String PASSWORD = "test-secret";

    private TestServers() {
    }

    static EmbeddedClickHouse start(Path dir) throws Exception {
        return EmbeddedClickHouse.builder(dir.resolve("data")).password(PASSWORD).start();
    }

    static Connection connect(EmbeddedClickHouse clickhouse, boolean rowBinaryInserts) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", clickhouse.user());
        properties.setProperty("password", clickhouse.password());
        if (rowBinaryInserts) properties.setProperty("beta.row_binary_for_simple_insert", "true");
        return DriverManager.getConnection(clickhouse.jdbcUrl("default"), properties);
    }

    static String log(EmbeddedClickHouse clickhouse) throws Exception {
        Path log = clickhouse.dataDir().resolveSibling("data.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
