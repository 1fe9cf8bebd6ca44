package dev.parallax.launcher;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.process.HealthFile;

/** A service for the supervisor's tests: reports that it runs, then does nothing until it is stopped. */
public final class IdleService {

    private IdleService() {
    }

    public static void main(String[] args) throws InterruptedException {
        HealthFile.of(ParallaxConfig.load(), "idle").report("RUNNING");
        Thread.sleep(Long.MAX_VALUE);
    }
}
