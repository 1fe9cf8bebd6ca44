package dev.parallax.warehouse;

/** The warehouse schema cannot be brought up to date; the message says why and what to do. */
public final class MigrationException extends RuntimeException {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
