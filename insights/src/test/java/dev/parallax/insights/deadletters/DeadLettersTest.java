package dev.parallax.insights.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dead letters grouped by reason class over a real ClickHouse: one row per kind of problem, not per record. */
class DeadLettersTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    // Years back, so no other test's dead letters share the period.
    static final Instant AT = Instant.parse("2021-03-04T05:06:00Z");

    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        FleetData.deadLetter(w, AT.plusSeconds(1), "length mismatch: reference has 10 outputs, candidate 12");
        FleetData.deadLetter(w, AT.plusSeconds(2), "length mismatch: reference has 1000 outputs, candidate 999");
        FleetData.deadLetter(w, AT.plusSeconds(3), "length mismatch: reference has 5 outputs, candidate 6");
        FleetData.deadLetter(w, AT.plusSeconds(4),
                "candidate 0f8fad5b-d9cb-469f-a165-70867728950e: non-finite output NaN at index 3");
        FleetData.deadLetter(w, AT.plusSeconds(5),
                "candidate 7c9e6679-7425-40de-944b-e07fc1f90ae7: non-finite output NaN at index 17");
        FleetData.deadLetter(w, AT.plusSeconds(6), "precision 'int9' is not one of FP32, FP16, BF16, INT8, INT4, OTHER");
        // Outside the period.
        FleetData.deadLetter(w, AT.minus(Duration.ofHours(2)), "length mismatch: reference has 3 outputs, candidate 4");
    }

    @Test
    void eachKindOfReasonIsOneRowWithItsCountAndLatestExample() {
        List<ReasonClass> classes = new DeadLetters(warehouse.warehouse())
                .byReason(new Period(AT, AT.plus(Duration.ofHours(1))), 10);
        assertEquals(List.of("length mismatch: reference has N outputs, candidate N",
                        "candidate <id>: non-finite output NaN at index N",
                        "precision '…' is not one of FP32, FP16, BF16, INT8, INT4, OTHER"),
                classes.stream().map(ReasonClass::reason).toList());
        assertEquals(List.of(3L, 2L, 1L), classes.stream().map(ReasonClass::letters).toList());
        ReasonClass mismatch = classes.getFirst();
        assertEquals("length mismatch: reference has 5 outputs, candidate 6", mismatch.example(), "the latest");
        assertEquals(AT.plusSeconds(3), mismatch.latest().truncatedTo(ChronoUnit.SECONDS));
        assertEquals("parallax.inference.v1/0/7", mismatch.exampleSource());
        assertEquals(1, new DeadLetters(warehouse.warehouse()).byReason(new Period(AT, AT.plus(Duration.ofHours(1))), 1)
                .size(), "the limit");
    }
}
