package dev.parallax.ui.timerange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.insights.warehouse.Period;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:34:56Z");

    private static Map<String, List<String>> query(String... nameValues) {
        var query = new java.util.LinkedHashMap<String, List<String>>();
        for (int i = 0; i < nameValues.length; i += 2) {
            query.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return query;
    }

    @Test
    void noQueryIsTheFallbackPresetWithoutRefresh() {
        TimeRange range = TimeRange.parse(Map.of(), Preset.HOURS_24);
        assertEquals(TimeRange.of(Preset.HOURS_24), range);
        assertEquals(new Period(Instant.parse("2026-12-05T12:34:00Z"), Instant.parse("2026-12-06T12:34:00Z")),
                range.period(NOW));
    }

    @Test
    void aPresetMovesWithTheClock() {
        TimeRange range = TimeRange.parse(query("range", "15m", "refresh", "30s"), Preset.HOURS_24);
        assertEquals(Preset.MINUTES_15, range.preset());
        assertEquals(Refresh.SECONDS_30, range.refresh());
        Period later = range.period(NOW.plus(Duration.ofMinutes(5)));
        assertEquals(Instant.parse("2026-12-06T12:39:00Z"), later.to());
        assertEquals(Duration.ofMinutes(15), Duration.between(later.from(), later.to()));
    }

    @Test
    void aCustomRangeIsFixedOnWholeMinutes() {
        TimeRange range = TimeRange.parse(query("from", "2026-12-06T09:00:30Z", "to", "2026-12-06T11:15"),
                Preset.HOURS_24);
        assertTrue(range.custom());
        assertEquals(new Period(Instant.parse("2026-12-06T09:00:00Z"), Instant.parse("2026-12-06T11:15:00Z")),
                range.period(NOW));
        assertEquals(range.period(NOW), range.period(NOW.plus(Duration.ofDays(3))));
    }

    @Test
    void itsQueryReadsBackAsTheSameRange() {
        for (TimeRange range : List.of(TimeRange.of(Preset.HOUR_1), TimeRange.of(Preset.DAYS_7)
                .refreshing(Refresh.SECONDS_10), TimeRange.between(Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-02T06:30:00Z")).refreshing(Refresh.MINUTE_1))) {
            assertEquals(range, TimeRange.parse(range.query(), Preset.HOURS_24));
        }
        assertEquals(Map.of("range", List.of("1h")), TimeRange.of(Preset.HOUR_1).query(), "no refresh=off in links");
    }

    @Test
    void itSaysWhatItCoversInWords() {
        assertEquals("the last hour", TimeRange.of(Preset.HOUR_1).described());
        assertEquals("2026-12-06 09:00 – 2026-12-06 11:15 UTC", TimeRange.between(
                Instant.parse("2026-12-06T09:00:00Z"), Instant.parse("2026-12-06T11:15:00Z")).described());
    }

    @Test
    void fromMustBeBeforeTo() {
        var e = assertThrows(IllegalArgumentException.class, () -> TimeRange.parse(
                query("from", "2026-12-06T11:00:00Z", "to", "2026-12-06T10:00:00Z"), Preset.HOURS_24));
        assertTrue(e.getMessage().contains("must be before to"), e.getMessage());
        // Within one minute is no range at all once on whole minutes.
        assertThrows(IllegalArgumentException.class, () -> TimeRange.between(
                Instant.parse("2026-12-06T10:00:10Z"), Instant.parse("2026-12-06T10:00:50Z")));
    }

    @Test
    void aRangeSpansAtMostItsMaximum() {
        Instant from = Instant.parse("2026-10-01T00:00:00Z");
        TimeRange.between(from, from.plus(TimeRange.MAX_SPAN));
        var e = assertThrows(IllegalArgumentException.class,
                () -> TimeRange.between(from, from.plus(TimeRange.MAX_SPAN).plusSeconds(60)));
        assertTrue(e.getMessage().contains("at most 31 days"), e.getMessage());
    }

    @Test
    void aWrongQuerySaysWhatItMayBe() {
        assertEquals("unknown range '2h': use 15m, 1h, 6h, 24h, 7d, or from and to", assertThrows(
                IllegalArgumentException.class, () -> TimeRange.parse(query("range", "2h"), Preset.HOURS_24))
                .getMessage());
        assertEquals("unknown refresh '5s': use off, 10s, 30s, 1m", assertThrows(IllegalArgumentException.class,
                () -> TimeRange.parse(query("refresh", "5s"), Preset.HOURS_24)).getMessage());
        assertEquals("a custom range needs both from and to", assertThrows(IllegalArgumentException.class,
                () -> TimeRange.parse(query("from", "2026-12-06T09:00:00Z"), Preset.HOURS_24)).getMessage());
        assertEquals("give either range or from and to, not both", assertThrows(IllegalArgumentException.class,
                () -> TimeRange.parse(query("range", "1h", "from", "2026-12-06T09:00:00Z"), Preset.HOURS_24))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeRange.parse(
                query("from", "yesterday", "to", "2026-12-06T09:00:00Z"), Preset.HOURS_24)).getMessage()
                .startsWith("from 'yesterday' is not a time"));
    }
}
