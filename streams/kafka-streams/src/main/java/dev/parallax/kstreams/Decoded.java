package dev.parallax.kstreams;

import dev.parallax.contract.DeadLetter;

/** An input record after decoding: the event, or the dead letter that says why it is not one. */
sealed interface Decoded<T> {

    record Event<T>(T event) implements Decoded<T> {
    }

    record Rejected<T>(DeadLetter deadLetter) implements Decoded<T> {
    }
}
