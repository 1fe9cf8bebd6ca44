package dev.parallax.analytics.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void zeroGraceIsCompleteAtWindowEnd() {
        assertEquals(300_000, TumblingWindows.of(Duration.ofMinutes(5), Duration.ZERO).closeTime(0));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TumblingWindows.of(Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> TumblingWindows.of(Duration.ofMinutes(1), Duration.ofSeconds(-1)));
    }
}
