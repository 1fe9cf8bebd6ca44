package dev.parallax.insights.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alerts page's history of a range, from alerts projected into the warehouse around an hour a day ago. */
class AlertHistoryTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    @Test
    void alertsRaisedInTheRangeOrLastChangedInIt() {
        Warehouse w = warehouse.warehouse();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(1));
        Instant start = end.minus(Duration.ofHours(1));
        FleetData.alertRow(w, "ah-raised-in", "r", "m", start.plus(Duration.ofMinutes(30)), null, null);
        FleetData.alertRow(w, "ah-resolved-in", "r", "m", start.minus(Duration.ofHours(2)), null,
                start.plus(Duration.ofMinutes(50)));
        FleetData.alertRow(w, "ah-acknowledged-in", "r", "m", start.minus(Duration.ofMinutes(150)),
                start.plus(Duration.ofMinutes(10)), null);
        // Acknowledged in the range but resolved after it: its last change is outside.
        FleetData.alertRow(w, "ah-resolved-after", "r", "m", start.minus(Duration.ofHours(2)),
                start.plus(Duration.ofMinutes(5)), end.plus(Duration.ofMinutes(30)));
        FleetData.alertRow(w, "ah-before", "r", "m", start.minus(Duration.ofHours(3)), null,
                start.minus(Duration.ofHours(2)));
        FleetData.alertRow(w, "ah-raised-at-end", "r", "m", end, null, null);

        List<String> ids = new AlertHistory(w).changedIn(new Period(start, end)).stream().map(AlertRow::alertId)
                .filter(id -> id.startsWith("ah-")).toList();
        assertEquals(List.of("ah-raised-in", "ah-resolved-in", "ah-acknowledged-in"), ids,
                "newest raised first; the range ends before its last minute's end");
    }
}
