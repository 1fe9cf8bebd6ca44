package dev.parallax.insights.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.insights.FleetAtScale;
import dev.parallax.insights.InTurns;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the placement advice over seven days of the page benchmark's fleet costs to read: its evidence read with the
 * range's sketches read and merged on a thread of their own beside the other reads (as the placement page does), and,
 * as the baseline, one read after the other, in turns.
 *
 * <p>{@code mvn -pl insights -am test -Dtest=PlacementEvidenceBenchmarkTest -Dgroups=benchmark
 * -Dtest.excludedGroups=none -Dtest.redirectOutput=false -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class PlacementEvidenceBenchmarkTest {

    static final int TURNS = 3;

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    @AutoClose
    static final SideBySideReads READS = new SideBySideReads();

    @Test
    void sevenDaysOfEvidenceSideBySideAndOneReadAfterTheOther() {
        Warehouse w = warehouse.warehouse();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        FleetAtScale.Scale scale = FleetAtScale.THOUSAND_DEVICES;
        System.out.printf(Locale.ROOT, "%nloaded %,d devices, %d tests, %,d raw events in %s%n", scale.devices(),
                scale.tests(), scale.events(), FleetAtScale.load(w, scale, now));
        Period week = Period.last(Duration.ofDays(7), now);
        PlacementEvidenceReader sideBySide = new PlacementEvidenceReader(w, READS);
        PlacementEvidenceReader oneAfterTheOther = new PlacementEvidenceReader(w, SideBySideReads.oneAfterTheOther());
        InTurns evidence = InTurns.of(TURNS, () -> seconds(oneAfterTheOther, week, now, scale.tests()),
                () -> seconds(sideBySide, week, now, scale.tests()));
        System.out.printf(Locale.ROOT, "placement evidence over 7 days, s (median of %d turns, each turn both):%n", TURNS);
        System.out.printf(Locale.ROOT, "  one read after the other (baseline)        : %6.2f%n", evidence.baseline());
        System.out.printf(Locale.ROOT, "  sketches read beside the other reads        : %6.2f  (%.2f x)%n",
                evidence.measured(), evidence.ratio());
    }

    private static double seconds(PlacementEvidenceReader reader, Period period, Instant now, int tests) {
        long start = System.nanoTime();
        assertEquals(tests, reader.read(period, now, test -> Double.NaN).size(), "every test's evidence");
        return (System.nanoTime() - start) / 1e9;
    }
}
