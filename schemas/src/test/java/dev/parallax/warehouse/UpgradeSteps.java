package dev.parallax.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a test of migrations on an installation that has rows does: migrate part of the way, read rows as text. */
final class UpgradeSteps {

    private UpgradeSteps() {
    }

    /** Applies the warehouse migrations {@code upTo} accepts (those applied already are skipped). */
    static void migrate(Connection connection, Predicate<Migration> upTo) {
        Migrator.builder().migrations(Migrations.warehouse().stream().filter(upTo).toList()).build().migrate(connection);
    }

    /** Each row of {@code query}, its values joined by a space. */
    static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) values.add(rs.getString(i));
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }
}
