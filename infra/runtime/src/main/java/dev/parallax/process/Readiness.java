package dev.parallax.process;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a service to answer its health probe. */
public final class Readiness {

    /** Thrown by a probe that knows waiting longer is pointless, e.g. because the process has exited. */
    public static final class GaveUp extends RuntimeException {
        public GaveUp(String message) {
            super(message);
        }
    }

    private static final long POLL_MILLIS = 100;

    private Readiness() {
    }

    /**
     * Polls {@code probe} until it returns true.
     *
     * @throws IllegalStateException naming {@code what} and the probe's last failure when the timeout passes,
     *         or at once when the probe throws {@link GaveUp}
     */
    public static void await(String what, Duration timeout, Callable<Boolean> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastFailure = "probe never answered true";
        while (true) {
            try {
                if (Boolean.TRUE.equals(probe.call())) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted while waiting", e);
            } catch (GaveUp e) {
                throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
            } catch (Exception e) {
                lastFailure = e.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not ready after " + timeout.toSeconds() + " s: " + lastFailure);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted while waiting", e);
            }
        }
    }
}
