package dev.parallax.streams.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Field names equal the ClickHouse columns (V006, V008), and statistics of no values are null. */
class DerivedRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Set<String> fields(JsonNode row) {
        Set<String> names = new TreeSet<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void openEpisodeWithoutTemperaturesOrBaselineHasNullEndAndStatistics() throws IOException {
        ThrottleEpisode episode = new ThrottleEpisode("e-1", "pi5-07", "pi5-hailo8l", 1_000, 31_000, Double.NaN,
                Double.NaN, 12, 3, 1, Double.NaN, true, 62_000);
        JsonNode row = JSON.readTree(DerivedRecords.throttleEpisode(episode));
        assertEquals(new TreeSet<>(List.of("episode_id", "device_id", "device_class", "start_time", "end_time",
                "duration_ms", "peak_temp_c", "mean_temp_c", "samples", "inferences", "tests_affected",
                "latency_inflation", "is_open", "version")), fields(row));
        assertTrue(row.get("end_time").isNull());
        assertEquals(30_000, row.get("duration_ms").asLong());
        assertTrue(row.get("peak_temp_c").isNull());
        assertTrue(row.get("latency_inflation").isNull());
        assertEquals(1, row.get("is_open").asInt());
    }

    @Test
    void windowOfOnlyUnmatchedCandidatesHasCountsAndNullMetrics() throws IOException {
        DivergenceKey key = new DivergenceKey("resnet50", Precision.INT8, "pi5-hailo8l");
        JsonNode row = JSON.readTree(DerivedRecords.divergenceWindow(key, 0, 300_000,
                DivergenceSettings.defaults().newWindow().addUnmatched().addUnmatched()));
        assertEquals(new TreeSet<>(List.of("kind", "window_start", "window_end", "model_name", "candidate_precision",
                "device_class", "pairs", "flip_rate", "kl_mean", "kl_p95", "cosine_min", "cosine_mean",
                "sqnr_mean_db", "max_abs_err_p99", "unmatched", "version")), fields(row));
        assertEquals("window", row.get("kind").asText());
        assertEquals(2, row.get("unmatched").asLong());
        assertEquals(2, row.get("version").asLong());
        for (String metric : List.of("flip_rate", "kl_mean", "kl_p95", "cosine_min", "cosine_mean", "sqnr_mean_db",
                "max_abs_err_p99")) {
            assertTrue(row.get(metric).isNull(), metric);
        }
    }
}
