package dev.parallax.replay;

import java.time.Instant;
import java.util.Optional;

/**
 * Which stretch of the log a replay reads: by Kafka record time, from {@code from} (inclusive; the earliest
 * offsets when empty) to {@code to} (exclusive; the offsets at the replay's start when empty).
 */
public record ReplayRange(Optional<Instant> from, Optional<Instant> to) {

    public static final ReplayRange EVERYTHING = new ReplayRange(Optional.empty(), Optional.empty());

    public ReplayRange {
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("--from " + from.get() + " must be before --to " + to.get());
        }
    }

    public boolean isEverything() {
        return from.isEmpty() && to.isEmpty();
    }
}
