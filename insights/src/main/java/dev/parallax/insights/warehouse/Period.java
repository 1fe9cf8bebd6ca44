package dev.parallax.insights.warehouse;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A range of time as every page, report and rule reads it: {@code [from, to)} on whole minutes. Latency windows are
 * whole minutes, so a window is in the range exactly when its events are: counts from windows and counts from raw
 * events then agree, and two pages asked for "the last day" within the same minute read the same windows.
 */
public record Period(Instant from, Instant to) {

    public Period {
        from = from.truncatedTo(ChronoUnit.MINUTES);
        to = to.truncatedTo(ChronoUnit.MINUTES);
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("a period must not end before it starts: " + from + " .. " + to);
        }
    }

    /** The {@code length} before {@code now}'s minute: the minute still running is in no period. */
    public static Period last(Duration length, Instant now) {
        Instant to = now.truncatedTo(ChronoUnit.MINUTES);
        return new Period(to.minus(length), to);
    }
}
