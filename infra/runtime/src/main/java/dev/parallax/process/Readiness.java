package dev.parallax.process;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a service to answer its health probe. */
public final class Readiness {

    private static final long POLL_MILLIS = 100;

    private Readiness() {
    }

    /**
     * Polls {@code probe} until it returns true.
     *
     * @throws IllegalStateException naming {@code what} and the probe's last failure when the timeout passes
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
