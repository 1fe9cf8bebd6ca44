package dev.parallax.analytics.codec;

/** State bytes that cannot be decoded: truncated, of another format, or written by an unknown version. */
public final class StateFormatException extends IllegalArgumentException {

    public StateFormatException(String message) {
        super(message);
    }
}
