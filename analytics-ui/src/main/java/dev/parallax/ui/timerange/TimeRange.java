package dev.parallax.ui.timerange;

import dev.parallax.insights.warehouse.Period;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a page shows and how often it re-reads it, as its URL says: {@code ?range=1h}, or
 * {@code ?from=2026-12-06T09:00Z&to=2026-12-06T12:00Z}, either with {@code &refresh=30s}. A preset moves with the
 * clock; a custom range is fixed, on whole minutes as every {@link Period} is.
 *
 * @param preset the preset, or null for a custom range
 * @param from   start of a custom range (null with a preset)
 * @param to     end of a custom range (null with a preset)
 */
public record TimeRange(Preset preset, Instant from, Instant to, Refresh refresh) {

    /** The longest custom range: beyond it a page's queries read more than the warehouse keeps at full detail. */
    public static final Duration MAX_SPAN = Duration.ofDays(31);
    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);
    static final String RANGE = "range";
    static final String FROM = "from";
    static final String TO = "to";
    static final String REFRESH = "refresh";

    public TimeRange {
        if (refresh == null) {
            throw new IllegalArgumentException("a time range needs a refresh (Refresh.OFF for none)");
        }
        if (preset == null) {
            if (from == null || to == null) {
                throw new IllegalArgumentException("a custom range needs both from and to");
            }
            from = from.truncatedTo(ChronoUnit.MINUTES);
            to = to.truncatedTo(ChronoUnit.MINUTES);
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + "), at least a "
                        + "minute apart");
            }
            if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
                throw new IllegalArgumentException("a range spans at most " + MAX_SPAN.toDays() + " days; "
                        + from + " to " + to + " spans " + Duration.between(from, to).toDays() + " days");
            }
        } else if (from != null || to != null) {
            throw new IllegalArgumentException("a preset range has no from or to");
        }
    }

    public static TimeRange of(Preset preset) {
        return new TimeRange(preset, null, null, Refresh.OFF);
    }

    public static TimeRange between(Instant from, Instant to) {
        return new TimeRange(null, from, to, Refresh.OFF);
    }

    public TimeRange refreshing(Refresh every) {
        return new TimeRange(preset, from, to, every);
    }

    public boolean custom() {
        return preset == null;
    }

    /** The range as read at {@code now}: a preset's last minutes up to it, a custom range as it is. */
    public Period period(Instant now) {
        return custom() ? new Period(from, to) : Period.last(preset.length(), now);
    }

    /** The range in words, to finish "over …": "the last hour", "2026-12-06 09:00 – 12:00 UTC". */
    public String described() {
        return custom() ? WRITTEN.format(from) + " – " + WRITTEN.format(to) + " UTC"
                : "the " + preset.label().toLowerCase(Locale.ROOT);
    }

    /**
     * The range a URL's query asks for; {@code fallback} when it names none.
     *
     * @throws IllegalArgumentException saying what in the query is wrong and what it may be instead
     */
    public static TimeRange parse(Map<String, List<String>> query, Preset fallback) {
        String range = single(query, RANGE);
        String from = single(query, FROM);
        String to = single(query, TO);
        String refreshKey = single(query, REFRESH);
        Refresh refresh = refreshKey == null ? Refresh.OFF
                : chosen(Refresh.values(), Refresh::key, REFRESH, refreshKey, "");
        if (range != null && (from != null || to != null)) {
            throw new IllegalArgumentException("give either range or from and to, not both");
        }
        if (from != null || to != null) {
            if (from == null || to == null) {
                throw new IllegalArgumentException("a custom range needs both from and to");
            }
            return new TimeRange(null, instant(FROM, from), instant(TO, to), refresh);
        }
        Preset preset = range == null ? fallback
                : chosen(Preset.values(), Preset::key, RANGE, range, ", or from and to");
        return new TimeRange(preset, null, null, refresh);
    }

    /** The one of {@code choices} a URL writes as {@code key}, or which keys there are. */
    private static <T> T chosen(T[] choices, Function<T, String> keyOf, String name, String key, String besides) {
        return Arrays.stream(choices).filter(c -> keyOf.apply(c).equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + name + " '" + key + "': use "
                        + Arrays.stream(choices).map(keyOf).collect(Collectors.joining(", ")) + besides));
    }

    /** The query that {@link #parse} reads back as this range; refresh only when on, so plain links stay short. */
    public Map<String, List<String>> query() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (custom()) {
            query.put(FROM, List.of(from.toString()));
            query.put(TO, List.of(to.toString()));
        } else {
            query.put(RANGE, List.of(preset.key()));
        }
        if (refresh != Refresh.OFF) {
            query.put(REFRESH, List.of(refresh.key()));
        }
        return query;
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " is given " + values.size() + " times");
        }
        return values.isEmpty() || values.getFirst().isBlank() ? null : values.getFirst();
    }

    /** An instant as ISO-8601 ({@code 2026-12-06T09:00:00Z}), or a local date-time read as UTC. */
    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " '" + text + "' is not a time: write it as "
                        + "2026-12-06T09:00:00Z", e);
            }
        }
    }
}
