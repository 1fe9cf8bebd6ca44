package dev.parallax.codec;

import java.util.Objects;

/**
 * Outcome of decoding one raw record: the event, or the reason it was rejected (which goes to the dead-letter
 * topic with the raw bytes).
 */
public sealed interface DecodeResult<T> {

    /** A record that parsed and passed semantic validation. */
    record Accepted<T>(T event) implements DecodeResult<T> {
        public Accepted {
            Objects.requireNonNull(event, "event");
        }
    }

    /** A record that is not a valid event; {@code reason} is a precise, human-readable sentence. */
    record Rejected<T>(String reason) implements DecodeResult<T> {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
