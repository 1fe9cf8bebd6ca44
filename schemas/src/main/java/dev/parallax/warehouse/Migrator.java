package dev.parallax.warehouse;

import dev.parallax.contract.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Brings a ClickHouse warehouse up to date: applies the pending migrations in version order and records each
 * one in {@code parallax.schema_migrations} (version, name, checksum, applied_at). Running it again changes
 * nothing; an applied migration whose file was edited stops it with a {@link MigrationException}. Plain JDBC,
 * so it works with any ClickHouse driver.
 *
 * <p>ClickHouse DDL is not transactional: a migration is recorded right after its statement succeeds, and the
 * statements use {@code IF NOT EXISTS} so that a crash between the two is repaired by the next run. Run one
 * migrator at a time (at service start-up).
 */
public final class Migrator {

    private static final String HISTORY = Tables.qualified(Tables.SCHEMA_MIGRATIONS);

    private final List<Migration> migrations;
    private final Clock clock;

    private Migrator(Builder builder) {
        this.migrations = Migrations.ordered(builder.migrations);
        this.clock = builder.clock;
    }

    /** A migrator for the warehouse migrations of SPEC section 11. */
    public static Migrator warehouse() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Migrates through a connection of {@code dataSource}. */
    public MigrationPlan migrate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return migrate(connection);
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to ClickHouse: " + e.getMessage(), e);
        }
    }

    /**
     * Applies every pending migration.
     *
     * @return the plan that was carried out: what was pending (now applied) and what had been applied before
     * @throws MigrationException when an applied migration was edited or a statement fails
     */
    public MigrationPlan migrate(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + Tables.DATABASE);
            statement.execute("CREATE TABLE IF NOT EXISTS " + HISTORY
                    + " (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))"
                    + " ENGINE = ReplacingMergeTree(applied_at) ORDER BY version");
        } catch (SQLException e) {
            throw new MigrationException("cannot create " + HISTORY + ": " + e.getMessage(), e);
        }
        MigrationPlan plan = MigrationPlan.of(migrations, applied(connection));
        for (Migration migration : plan.pending()) {
            apply(connection, migration);
        }
        return plan;
    }

    /** The migrations recorded as applied, in version order. */
    public List<AppliedMigration> applied(Connection connection) {
        String query = "SELECT version, name, checksum, toUnixTimestamp64Milli(applied_at) FROM " + HISTORY
                + " FINAL ORDER BY version";
        List<AppliedMigration> applied = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                applied.add(new AppliedMigration(rows.getInt(1), rows.getString(2), rows.getString(3),
                        Instant.ofEpochMilli(rows.getLong(4))));
            }
        } catch (SQLException e) {
            throw new MigrationException("cannot read " + HISTORY + ": " + e.getMessage(), e);
        }
        return applied;
    }

    private void apply(Connection connection, Migration migration) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(migration.sql());
        } catch (SQLException e) {
            throw new MigrationException("migration " + migration.fileName() + " failed: " + e.getMessage(), e);
        }
        String record = "INSERT INTO " + HISTORY + " (version, name, checksum, applied_at)"
                + " VALUES (?, ?, ?, fromUnixTimestamp64Milli(?))";
        try (PreparedStatement insert = connection.prepareStatement(record)) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.name());
            insert.setString(3, migration.checksum());
            insert.setLong(4, clock.millis());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new MigrationException("migration " + migration.fileName() + " ran but could not be recorded in "
                    + HISTORY + ": " + e.getMessage(), e);
        }
    }

    public static final class Builder {

        private List<Migration> migrations;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The migrations to apply (default: {@link Migrations#warehouse()}). */
        public Builder migrations(List<Migration> migrations) {
            this.migrations = List.copyOf(migrations);
            return this;
        }

        /** The clock of applied_at (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Migrator build() {
            if (migrations == null) {
                migrations = Migrations.warehouse();
            }
            return new Migrator(this);
        }
    }
}
