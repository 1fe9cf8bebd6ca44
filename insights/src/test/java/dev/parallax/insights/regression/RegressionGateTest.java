package dev.parallax.insights.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A gate reads the series it looks at together, a few hundred a read, and each once. */
class RegressionGateTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    /** Counts the reads of series and what each asked for. */
    static final class CountingReader extends RunSeriesReader {

        final List<Set<SeriesKey>> reads = new ArrayList<>();

        CountingReader(Warehouse warehouse) {
            super(warehouse);
        }

        @Override
        public Map<SeriesKey, RunSeries> series(Collection<SeriesKey> keys) {
            reads.add(Set.copyOf(keys));
            return super.series(keys);
        }
    }

    @Test
    void aLookAtThousandsOfSeriesReadsThemAFewHundredAtATimeAndOnce() {
        Warehouse w = warehouse.warehouse();
        CountingReader reader = new CountingReader(w);
        RegressionGate gate = new RegressionGate(reader,
                new ChangePoints(w, reader, ChangePointSettings.defaults(), Clock.systemUTC()));
        // An export's chunk: 2,000 series with long names, more than one query may list (256 KiB).
        List<SeriesKey> keys = IntStream.range(0, 2000).mapToObj(i -> new SeriesKey(
                "rg-export-a-test-with-a-rather-long-name-" + i, "rg-model-with-a-long-name", "INT8", "EDGE",
                "pi5-hailo8l")).toList();
        gate.lookAt(keys);
        assertEquals(Collections.nCopies(10, ChangePoints.SERIES_PER_READ),
                reader.reads.stream().map(Set::size).toList());
        gate.lookAt(keys.subList(0, 50));
        assertTrue(gate.changesAt(keys.getLast(), "rg-export-run").isEmpty(), "looked at: no runs, no change");
        assertEquals(10, reader.reads.size(), "nothing read again");
    }
}
