package dev.parallax.clickhouse;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests that share one embedded server per class, on a fresh data directory. */
abstract class ServerPerClassTest {

    @TempDir
    static Path dir;
    static EmbeddedClickHouse clickhouse;

    @BeforeAll
    static void start() throws Exception {
        clickhouse = TestServers.start(dir);
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) clickhouse.stop();
    }
}
