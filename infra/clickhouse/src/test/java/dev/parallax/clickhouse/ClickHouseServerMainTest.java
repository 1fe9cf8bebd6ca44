package dev.parallax.clickhouse;

import dev.parallax.clickhouse.http.FrontLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The server's command line: every limit of the front can be set, and nonsense is refused before the engine loads. */
class ClickHouseServerMainTest {

    @Test
    void limitsComeFromOptionsAndDefaultOtherwise() {
        FrontLimits limits = ClickHouseServerMain.limits(ClickHouseServerMain.parse(new String[]{
                "--data", "/tmp/x", "--header-timeout", "2.5", "--max-connections-per-client=8",
                "--max-query-size", "65536", "--max-execution-time", "30"}));
        assertEquals(Duration.ofMillis(2500), limits.headerTimeout());
        assertEquals(8, limits.maxConnectionsPerClient());
        assertEquals(65536, limits.maxQueryBytes());
        assertEquals(Duration.ofSeconds(30), limits.maxExecutionTime());
        assertEquals(FrontLimits.DEFAULTS.bodyTimeout(), limits.bodyTimeout());
        assertEquals(FrontLimits.DEFAULTS.maxInsertBytes(), limits.maxInsertBytes());
    }

    @Test
    void everyLimitSurvivesTheCommandLine() {
        FrontLimits limits = new FrontLimits(Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofSeconds(2),
                24, 100, 4096, 1L << 33, FrontLimits.DEFAULTS.maxHeaderBytes(), Duration.ofMillis(250));
        List<String> argv = new ArrayList<>(List.of("--data", "/tmp/x"));
        argv.addAll(ClickHouseServerMain.arguments(limits));
        assertEquals(limits, ClickHouseServerMain.limits(ClickHouseServerMain.parse(argv.toArray(String[]::new))));
    }

    @Test
    void nonsenseIsRefused() {
        for (String[] bad : new String[][]{{"--header-timeout", "soon"}, {"--max-query-size", "-1"},
                {"--max-connections", "0"}, {"--idle-timeout", "0"}, {"--max-query-size", "99999999999"}}) {
            assertThrows(IllegalArgumentException.class, () -> ClickHouseServerMain.parse(
                    new String[]{"--data", "/tmp/x", bad[0], bad[1]}), String.join(" ", bad));
        }
    }
}
