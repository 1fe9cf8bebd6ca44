package dev.parallax.replay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * The replay's recent pace: records per second over the last {@link #WINDOW} of progress samples, and the time
 * left at that pace. Recent, not since the start: a replay's first seconds (job start-up, no checkpoint yet)
 * would otherwise drag the estimate for the whole run. The clock is passed in ({@code System::nanoTime} in
 * use), so the arithmetic is testable without waiting.
 */
final class ProgressRate {

    static final Duration WINDOW = Duration.ofSeconds(10);
    static final String UNKNOWN = "—";

    private final LongSupplier nanos;
    /** (time in nanos, records done), oldest first; the oldest is the last one at least WINDOW old, if any. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    ProgressRate(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Records that {@code done} records are done now. */
    void sample(long done) {
        long now = nanos.getAsLong();
        samples.addLast(new long[] {now, done});
        // Drop the oldest while the next one alone still reaches back WINDOW: the rate spans ~WINDOW.
        while (samples.size() > 2 && now - second()[0] >= WINDOW.toNanos()) {
            samples.removeFirst();
        }
    }

    /** Records per second over the window; empty until two samples some time apart. */
    OptionalDouble perSecond() {
        if (samples.size() < 2) return OptionalDouble.empty();
        long[] first = samples.getFirst();
        long[] last = samples.getLast();
        long nanosApart = last[0] - first[0];
        if (nanosApart <= 0) return OptionalDouble.empty();
        // Committed offsets never go back in one replay; a smaller figure (no offsets listed yet) is no progress.
        return OptionalDouble.of(Math.max(0, last[1] - first[1]) * 1e9 / nanosApart);
    }

    /** Time to reach {@code total} at the recent rate; empty while the rate is unknown or zero. */
    Optional<Duration> left(long total) {
        if (samples.isEmpty()) return Optional.empty();
        long remaining = Math.max(0, total - samples.getLast()[1]);
        if (remaining == 0) return Optional.of(Duration.ZERO);
        OptionalDouble rate = perSecond();
        if (rate.isEmpty() || rate.getAsDouble() <= 0) return Optional.empty();
        return Optional.of(Duration.ofSeconds((long) Math.ceil(remaining / rate.getAsDouble())));
    }

    /** {@code "12,345 rec/s, 1 min 20 s left"}; {@value #UNKNOWN} until there are two samples. */
    String describe(long total) {
        OptionalDouble rate = perSecond();
        if (rate.isEmpty()) return UNKNOWN;
        return String.format(Locale.ROOT, "%,.0f rec/s, %s left", rate.getAsDouble(),
                left(total).map(ProgressRate::duration).orElse(UNKNOWN));
    }

    /** {@code 45 s}, {@code 1 min 20 s}, {@code 2 h 05 min}. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    private long[] second() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }
}
