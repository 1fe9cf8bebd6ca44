package dev.parallax.ingest.spool;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the spool forces appended records to the storage device.
 *
 * <p>Every policy survives the runner process being killed (written bytes are in the OS page cache); they differ
 * in what survives a power loss or kernel crash: {@link #always()} everything, {@link #interval(Duration)} all but
 * the last interval, {@link #never()} whatever the OS had written back.
 */
public sealed interface FsyncPolicy {

    /** fsync after every append: safest, one disk flush per spooled event. */
    static FsyncPolicy always() {
        return Always.INSTANCE;
    }

    /** Leave it to the OS. */
    static FsyncPolicy never() {
        return Never.INSTANCE;
    }

    /** fsync on the first append after {@code period} has passed since the last one, and on close. */
    static FsyncPolicy interval(Duration period) {
        return new Interval(period);
    }

    /** {@code always}, {@code never}, or a period in milliseconds such as {@code 1000} (interval). */
    static FsyncPolicy parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "always" -> always();
            case "never" -> never();
            default -> {
                try {
                    yield interval(Duration.ofMillis(Long.parseLong(value.replace("ms", ""))));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("fsync policy must be always, never or a period in ms, not '" + text + "'");
                }
            }
        };
    }

    record Always() implements FsyncPolicy {
        static final Always INSTANCE = new Always();
    }

    record Never() implements FsyncPolicy {
        static final Never INSTANCE = new Never();
    }

    record Interval(Duration period) implements FsyncPolicy {
        public Interval {
            Objects.requireNonNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("fsync interval must be positive, was " + period);
            }
        }
    }
}
