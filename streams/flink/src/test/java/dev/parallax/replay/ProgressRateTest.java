package dev.parallax.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The replay's pace and time left, on a clock the test moves. */
class ProgressRateTest {

    /** A clock that only moves when told to. */
    static final class Clock {
        long nanos = 1_000_000_000_000L;

        void advance(Duration d) {
            nanos += d.toNanos();
        }
    }

    @Test
    void unknownUntilTwoSamples() {
        Clock clock = new Clock();
        ProgressRate rate = new ProgressRate(() -> clock.nanos);
        assertEquals("—", rate.describe(1_000));
        rate.sample(0);
        assertEquals("—", rate.describe(1_000));
        assertTrue(rate.perSecond().isEmpty());
        clock.advance(Duration.ofMillis(250));
        rate.sample(500);
        assertEquals(2_000, rate.perSecond().orElseThrow(), 1e-9);
        assertEquals("2,000 rec/s, 1 s left", rate.describe(2_500));
    }

    @Test
    void theRateIsTheLastTenSecondsNotTheWholeRun() {
        Clock clock = new Clock();
        ProgressRate rate = new ProgressRate(() -> clock.nanos);
        long done = 0;
        // 60 s at 1,000 rec/s, then 20 s at 12,345 rec/s, sampled every 250 ms.
        for (int i = 0; i < 240; i++) {
            rate.sample(done);
            clock.advance(Duration.ofMillis(250));
            done += 250;
        }
        for (int i = 0; i < 80; i++) {
            rate.sample(done);
            clock.advance(Duration.ofMillis(250));
            done += 12_345 / 4;
        }
        rate.sample(done);
        // Only the last 10 s count: 40 steps of 3,086 records in 10 s.
        assertEquals(40 * (12_345 / 4) / 10.0, rate.perSecond().orElseThrow(), 1e-9);
        long total = done + 987_600; // 80 s at 12,345 rec/s
        assertEquals(Optional.of(Duration.ofSeconds(81)), rate.left(total), "80.006 s, rounded up");
        assertEquals("12,344 rec/s, 1 min 21 s left", rate.describe(total));
    }

    @Test
    void aStalledReplayHasARateOfZeroAndNoTimeLeftEstimate() {
        Clock clock = new Clock();
        ProgressRate rate = new ProgressRate(() -> clock.nanos);
        for (int i = 0; i < 60; i++) {
            rate.sample(5_000);
            clock.advance(Duration.ofMillis(250));
        }
        assertEquals(0, rate.perSecond().orElseThrow());
        assertEquals("0 rec/s, — left", rate.describe(10_000));
        assertEquals("0 rec/s, 0 s left", rate.describe(5_000), "nothing left to read");
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("45 s", ProgressRate.duration(Duration.ofSeconds(45)));
        assertEquals("1 min 20 s", ProgressRate.duration(Duration.ofSeconds(80)));
        assertEquals("2 h 05 min", ProgressRate.duration(Duration.ofMinutes(125).plusSeconds(59)));
    }

    @Test
    void theBarShowsPaceAndTimeLeftAndBlanksWhatAShorterLineLeaves() {
        Clock clock = new Clock();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 100_000,
                () -> clock.nanos);
        bar.show(0);
        clock.advance(Duration.ofSeconds(10));
        bar.show(20_000);
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\r[..............................]   0%  0/100,000 records  —  0 s elapsed\r"),
                drawn);
        assertTrue(drawn.endsWith("\r[######........................]  20%  20,000/100,000 records"
                + "  2,000 rec/s, 40 s left  10 s elapsed"), drawn);
        bytes.reset();
        clock.advance(Duration.ofSeconds(30));
        bar.finish(100_000);
        // Four blanks: the last drawn line was four characters longer.
        assertEquals("\r[##############################] 100%  100,000/100,000 records in 40 s (2,500 rec/s on average)"
                + "    " + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void inALogTheBarIsALineEveryFewSeconds() {
        Clock clock = new Clock();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 1_000,
                () -> clock.nanos);
        for (int i = 0; i <= 40; i++) {
            bar.show(i * 10L);
            clock.advance(Duration.ofMillis(250));
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, "at 0, 5 and 10 s: " + String.join(" | ", lines));
        assertTrue(lines[2].contains("40 rec/s, 15 s left"), lines[2]);
    }
}
