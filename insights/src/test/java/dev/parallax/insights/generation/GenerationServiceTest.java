package dev.parallax.insights.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Period;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GenerationServiceTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Period HOUR = new Period(NOW.minus(Duration.ofHours(1)), NOW);

    @BeforeAll
    static void load() {
        // 400 on the edge (TTFT 200..299 ms, 64 tokens in 2 s), 30 in the cloud (TTFT 50..79 ms, 64 tokens in 0.5 s).
        FleetData.generations(warehouse.warehouse(), NOW, "gen-chat", "EDGE", "pi5-hailo8l", 400, 200, 2000, 64, 3000);
        FleetData.generations(warehouse.warehouse(), NOW, "gen-chat", "CLOUD", "cloud-a10g", 30, 50, 500, 64, 16000);
        FleetData.inference(warehouse.warehouse(), NOW.minusSeconds(5), "gen-vision", "EDGE", "pi-1", "pi5-hailo8l", 40,
                9, 4);
    }

    @Test
    void eachTierGetsItsTimeToFirstTokenTokensPerSecondAndPeakMemory() {
        List<GenerationFigure> figures = new GenerationService(warehouse.warehouse()).figures("gen-chat", HOUR);
        assertEquals(List.of("EDGE", "CLOUD"), figures.stream().map(GenerationFigure::tier).toList());
        GenerationFigure edge = figures.getFirst();
        assertEquals(400, edge.generations());
        // TTFT 200 + i % 100 for i < 400: four of each of 200..299 ms; x[floor(0.5 × 399)] = x[199] = 249.
        assertEquals(249, edge.ttftP50().value());
        assertEquals(298, edge.ttftP99().value(), "x[floor(0.99 × 399)] = x[395]");
        assertTrue(edge.ttftP99().bounded(), "400 samples bound a p99 at 95 %");
        assertTrue(edge.ttftP99().lower() <= 298 && edge.ttftP99().upper() >= 298);
        assertEquals(32, edge.tokensPerSecondP50().value(), 1e-9, "64 tokens in 2 s");
        assertEquals(3009, edge.memPeakMaxMb());

        GenerationFigure cloud = figures.get(1);
        assertEquals(128, cloud.tokensPerSecondP50().value(), 1e-9);
        assertFalse(cloud.ttftP99().bounded(), "30 samples are too few for a p99 interval");
        assertEquals(PercentileConfidence.SHOWN.samplesForInterval(0.99), cloud.ttftP99().needed());
    }

    @Test
    void aTestWithoutGenerationsHasNoFigures() {
        GenerationService service = new GenerationService(warehouse.warehouse());
        assertEquals(List.of(), service.figures("gen-vision", HOUR));
        assertEquals(List.of("gen-chat"), List.copyOf(service.byTest(HOUR).keySet()));
        assertEquals(List.of(), service.figures("gen-chat",
                new Period(NOW.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)))));
    }
}
