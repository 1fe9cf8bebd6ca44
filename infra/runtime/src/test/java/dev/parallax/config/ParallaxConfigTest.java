package dev.parallax.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallaxConfigTest {

    private enum Trigger { PR, NIGHTLY, MANUAL }

    @Test
    void anEnumIsReadInAnyCaseAndAnUnknownNameNamesTheKeyAndTheAllowedNames() {
        ParallaxConfig config = ParallaxConfig.of(Map.of("runner.trigger", "nightly", "runner.other", "CI"));
        assertEquals(Trigger.NIGHTLY, config.getEnum("runner.trigger", Trigger.MANUAL));
        assertEquals(Trigger.MANUAL, config.getEnum("runner.unset", Trigger.MANUAL));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> config.getEnum("runner.other", Trigger.MANUAL));
        assertEquals("configuration key 'runner.other' is 'CI'; allowed: PR, NIGHTLY, MANUAL", refused.getMessage());
    }

    @Test
    void aBooleanIsTrueOrFalseInAnyCaseAndAnythingElseNamesTheKey() {
        ParallaxConfig config = ParallaxConfig.of(Map.of("runner.enabled", "FALSE", "runner.other", "yes"));
        assertFalse(config.getBoolean("runner.enabled", true));
        assertTrue(config.getBoolean("runner.unset", true));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> config.getBoolean("runner.other", false));
        assertEquals("configuration key 'runner.other' is 'yes'; allowed: true, false", refused.getMessage());
    }

    @Test
    void defaultsDescribeTheEmbeddedStack() {
        ParallaxConfig config = ParallaxConfig.of(Map.of());
        assertEquals("127.0.0.1:9092", config.kafkaBootstrap());
        assertEquals("http://127.0.0.1:8123", config.clickhouseUrl());
        assertEquals("jdbc:clickhouse:http://127.0.0.1:8123/parallax?compress=false", config.clickhouseJdbcUrl());
        assertEquals("parallax", config.clickhouseUser());
        assertTrue(config.chdbLibrary().endsWith(Path.of("chdb-" + ParallaxConfig.CHDB_VERSION, "libchdb.so")));
    }

    @Test
    void explicitJdbcUrlWinsOverTheDerivedOne() {
        ParallaxConfig config = ParallaxConfig.of(Map.of(
                ParallaxConfig.CLICKHOUSE_URL, "https://ch.example.internal:8443/",
                ParallaxConfig.CLICKHOUSE_DATABASE, "analytics"));
        assertEquals("jdbc:clickhouse:https://ch.example.internal:8443/analytics?compress=false", config.clickhouseJdbcUrl());
        assertEquals("jdbc:clickhouse:https://x:8443/db?ssl=true",
                config.with(ParallaxConfig.CLICKHOUSE_JDBC, "jdbc:clickhouse:https://x:8443/db?ssl=true").clickhouseJdbcUrl());
    }

    @Test
    void propertiesFileUnderHomeIsReadBelowExplicitValues(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("parallax.properties"),
                "kafka.bootstrap=kafka-1:9092,kafka-2:9092\nclickhouse.password=s3cret\n");
        ParallaxConfig config = ParallaxConfig.of(Map.of(ParallaxConfig.HOME, home.toString()));
        assertEquals("kafka-1:9092,kafka-2:9092", config.kafkaBootstrap());
        assertEquals("s3cret", config.clickhousePassword());
        assertEquals("other:9092", config.with(ParallaxConfig.KAFKA_BOOTSTRAP, "other:9092").kafkaBootstrap());
        assertEquals("s3cret", config.with(ParallaxConfig.KAFKA_BOOTSTRAP, "other:9092").clickhousePassword());
    }

    @Test
    void eachRoleUsesItsOwnUserWhenConfiguredAndTheSharedOneOtherwise() {
        ParallaxConfig shared = ParallaxConfig.of(Map.of(ParallaxConfig.CLICKHOUSE_USER, "admin",
                ParallaxConfig.CLICKHOUSE_PASSWORD, "shared"));
        for (ClickHouseRole role : ClickHouseRole.values()) {
            assertEquals(new ClickHouseLogin("admin", "shared"), shared.clickhouseLogin(role), role.name());
        }
        ParallaxConfig own = shared.with("clickhouse.sink.password", "sink-secret")
                .with("clickhouse.ui.user", "dashboards").with("clickhouse.ui.password", "ui-secret");
        assertEquals(new ClickHouseLogin("parallax_sink", "sink-secret"), own.clickhouseLogin(ClickHouseRole.SINK),
                "a role's password alone names its default user");
        assertEquals(new ClickHouseLogin("dashboards", "ui-secret"), own.clickhouseLogin(ClickHouseRole.UI));
        assertEquals(new ClickHouseLogin("admin", "shared"), own.clickhouseLogin(ClickHouseRole.MIGRATOR));
        assertEquals("PARALLAX_CLICKHOUSE_SINK_PASSWORD", ParallaxConfig.environmentName(ClickHouseRole.SINK.passwordKey()));
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("PARALLAX_CLICKHOUSE_JDBC", ParallaxConfig.environmentName("clickhouse.jdbc"));
        assertEquals("PARALLAX_CHDB_LIBRARY", ParallaxConfig.environmentName("chdb.library"));
    }

    @Test
    void keysUnderAPrefixAreFoundInEverySourceAndEnvironmentNamesMapBackToDots() {
        Properties system = new Properties();
        system.setProperty("parallax.a.b.from.system", "1");
        system.setProperty("parallax.a.b.both", "system wins");
        ParallaxConfig config = ParallaxConfig.of(Map.of("a.b.explicit", "2", "a.bc", "not under a.b."),
                Map.of("PARALLAX_A_B_FROM_ENV", "3", "PARALLAX_A_B_BOTH", "environment loses"), system);
        assertEquals(Map.of("from.system", "1", "both", "system wins", "explicit", "2", "from.env", "3"),
                config.under("a.b."));
    }

    @Test
    void numbersAreParsedAndBadOnesNamed() {
        ParallaxConfig config = ParallaxConfig.of(Map.of("kafka.partitions", "6", "x.y", "six"));
        assertEquals(6, config.getInt("kafka.partitions", 3));
        assertEquals(3, config.getInt("absent", 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> config.getInt("x.y", 1));
        assertTrue(e.getMessage().contains("'x.y'"), e.getMessage());
    }

    @Test
    void missingRequiredKeyNamesWhereToSetIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ParallaxConfig.of(Map.of()).get("collector.token"));
        assertTrue(e.getMessage().contains("PARALLAX_COLLECTOR_TOKEN"), e.getMessage());
    }
}
