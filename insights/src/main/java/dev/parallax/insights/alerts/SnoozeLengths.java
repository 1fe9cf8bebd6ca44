package dev.parallax.insights.alerts;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** How long an operator may snooze an alert for: {@code ui.alerts.snooze.lengths}, ISO-8601 durations. */
public record SnoozeLengths(List<Duration> lengths) {

    public static final String DEFAULT = "PT1H,PT4H,P1D,P7D";

    public SnoozeLengths {
        if (lengths.isEmpty() || lengths.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("snooze lengths must be positive, at least one: " + lengths);
        }
        lengths = List.copyOf(lengths);
    }

    /** @throws java.time.format.DateTimeParseException for a length that is not an ISO-8601 duration */
    public static SnoozeLengths parse(String csv) {
        return new SnoozeLengths(Arrays.stream(csv.split(",")).map(String::strip).map(Duration::parse).toList());
    }

    /** A length for people: {@code 30 s}, {@code 15 min}, {@code 4 h}, {@code 7 d}. */
    public static String label(Duration length) {
        long s = length.toSeconds();
        if (s % 86_400 == 0) return s / 86_400 + " d";
        if (s % 3_600 == 0) return s / 3_600 + " h";
        if (s % 60 == 0) return s / 60 + " min";
        return s + " s";
    }
}
