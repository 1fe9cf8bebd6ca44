package dev.parallax.analytics.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TumblingWindowsTest {

    private final TumblingWindows minute = TumblingWindows.of(Duration.ofMinutes(1), Duration.ofSeconds(30));

    @Test
    void assignsEpochAlignedWindows() {
        assertEquals(0, minute.windowStart(0));
        assertEquals(0, minute.windowStart(59_999));
        assertEquals(60_000, minute.windowStart(60_000));
        assertEquals(1_700_000_040_000L, minute.windowStart(1_700_000_059_123L));
        assertEquals(-60_000, minute.windowStart(-1), "floor, not truncation, before the epoch");
        assertEquals(120_000, minute.windowEnd(60_000));
        assertEquals(150_000, minute.closeTime(60_000));
    }

    @Test
    void lateOnlyOnceStreamTimeReachesEndPlusGrace() {
        long event = 61_000; // window [60 s, 120 s), closes at 150 s
        assertFalse(minute.isLate(event, 61_000));
        assertFalse(minute.isLate(event, 149_999));
        assertTrue(minute.isLate(event, 150_000));
        assertTrue(minute.isLate(event, 500_000));
    }

    @Test
    void zeroGraceClosesAtWindowEnd() {
        TumblingWindows strict = TumblingWindows.of(Duration.ofMinutes(5), Duration.ZERO);
        assertFalse(strict.isLate(299_999, 299_999));
        assertTrue(strict.isLate(299_999, 300_000));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TumblingWindows.of(Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> TumblingWindows.of(Duration.ofMinutes(1), Duration.ofSeconds(-1)));
    }
}
