package dev.parallax.analytics.changepoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Apache Otava's change points on the TigerBeetle series, index for index, under all eight settings. */
class ChangePointGoldenTest {

    private static final TigerBeetle GOLDEN = TigerBeetle.load();

    static Stream<TigerBeetle.Case> cases() {
        return GOLDEN.cases().stream();
    }

    @Test
    void fileHoldsTheWholeSeriesAndEightSettings() {
        assertEquals(365, GOLDEN.series().length);
        assertEquals(8, GOLDEN.cases().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOtava(TigerBeetle.Case golden) {
        ChangePointSeries series = ChangePointSeries.of(golden.settings(), GOLDEN.series());
        assertArrayEquals(golden.changePoints(), indexes(series.changePoints()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOtavaWhenTheRunsArriveOneByOne(TigerBeetle.Case golden) {
        ChangePointSeries series = new ChangePointSeries(golden.settings());
        for (double value : GOLDEN.series()) {
            series.append(value);
            series.changePoints();
        }
        assertArrayEquals(golden.changePoints(), indexes(series.changePoints()));
    }

    static int[] indexes(List<ChangePoint> points) {
        return points.stream().mapToInt(ChangePoint::index).toArray();
    }
}
