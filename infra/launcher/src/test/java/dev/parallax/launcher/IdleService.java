package dev.parallax.launcher;

/** A service for the supervisor's tests: does nothing until it is stopped. */
public final class IdleService {

    private IdleService() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
