package dev.parallax.insights.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.analytics.alert.FleetSnapshot;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drift baseline the alert rules compare with, kept as hourly merged sketches between evaluations, on a real
 * engine: a past hour whose windows late events amended (SPEC §3a: for 7 days) is read again.
 */
class FleetSnapshotReaderTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(5);
    static final String TEST = "fsr-amended";

    @Test
    void aBaselineHourAmendedByLateEventsIsReadAgain() {
        Warehouse w = warehouse.warehouse();
        Instant twoDaysAgo = NOW.minus(Duration.ofDays(2));
        FleetData.windows(w, twoDaysAgo, TEST, "EDGE", "pi5-hailo8l", 60, 100, 20, 1); // the baseline: about 20 ms
        FleetData.windows(w, NOW, TEST, "EDGE", "pi5-hailo8l", 30, 100, 20, 2); // the current range
        FleetSnapshotReader reader = new FleetSnapshotReader(w);
        assertEquals(20, baselineMedian(reader.read(NOW)), 1.5);
        assertEquals(20, baselineMedian(reader.read(NOW.plusSeconds(30))), 1.5, "kept, the same");

        // A device's spool replayed: one window of that hour amended by 20,000 late events of 200 ms.
        Instant amended = twoDaysAgo.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
        FleetData.lateWindow(w, amended, TEST, "resnet50", "EDGE", "pi5-hailo8l", 20_000, 200, 0, 2);
        assertEquals(200, baselineMedian(reader.read(NOW.plusSeconds(40))), 2, "the amended hour, read again");
    }

    private static double baselineMedian(FleetSnapshot snapshot) {
        return snapshot.drift().stream().filter(d -> d.testId().equals(TEST)).findFirst().orElseThrow()
                .baseline().quantile(0.5);
    }
}
