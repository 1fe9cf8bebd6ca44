package dev.parallax.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.config.ParallaxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthFileTest {

    @TempDir
    Path home;

    @Test
    void aServiceReportsItsStateAndWhenButNotTheSameStateOnEveryLoop() throws Exception {
        HealthFile health = HealthFile.of(ParallaxConfig.of(Map.of(ParallaxConfig.HOME, home.toString())), "sink");
        assertEquals(Optional.empty(), HealthFile.read(home, "sink"), "no report yet");

        health.report("WRITING");
        HealthFile.Report report = HealthFile.read(home, "sink").orElseThrow();
        assertEquals("WRITING", report.state());
        assertTrue(!report.at().isAfter(Instant.now()) && report.at().isAfter(Instant.now().minusSeconds(60)), report.toString());

        Path file = home.resolve("run/health/sink");
        FileTime past = FileTime.from(Instant.now().minusSeconds(600));
        Files.setLastModifiedTime(file, past);
        health.report("WRITING");
        assertEquals(past, Files.getLastModifiedTime(file), "the same state again at once: not rewritten");
        health.report("STUCK");
        assertEquals("STUCK", HealthFile.read(home, "sink").orElseThrow().state(), "a new state: written at once");

        HealthFile.clear(home, "sink");
        assertEquals(Optional.empty(), HealthFile.read(home, "sink"));
    }
}
