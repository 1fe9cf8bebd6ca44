package dev.parallax.ui.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.insights.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lockout and back-off after wrong passwords, per user and per address (pure logic, on a test clock). */
class SignInThrottleTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock, 5, 20, Duration.ofSeconds(30), Duration.ofMinutes(15));

    @Test
    void aUserIsLockedAfterFiveWrongPasswordsForLongerWithEveryFurtherOne() {
        for (int i = 0; i < 4; i++) throttle.failed("admin", "10.0.0.1");
        assertEquals(Optional.empty(), throttle.lockedFor("admin", "10.0.0.1"), "four are forgiven");
        throttle.failed("Admin", "10.0.0.2"); // the fifth, other address, other case: the same user
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.lockedFor("admin", "10.0.0.3"));
        assertEquals(Optional.empty(), throttle.lockedFor("olivia", "10.0.0.3"), "other users are not locked");

        clock.advance(Duration.ofSeconds(31));
        assertEquals(Optional.empty(), throttle.lockedFor("admin", "10.0.0.1"), "the lock ends");
        throttle.failed("admin", "10.0.0.1");
        assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.lockedFor("admin", "10.0.0.1"), "then doubles");
        for (int i = 0; i < 10; i++) throttle.failed("admin", "10.0.0.1");
        assertEquals(Optional.of(Duration.ofMinutes(15)), throttle.lockedFor("admin", "10.0.0.1"), "up to 15 min");
    }

    @Test
    void aSuccessClearsTheUsersCount() {
        for (int i = 0; i < 4; i++) throttle.failed("admin", "10.0.0.1");
        throttle.succeeded("admin");
        throttle.failed("admin", "10.0.0.1");
        assertEquals(Optional.empty(), throttle.lockedFor("admin", "10.0.0.1"));
    }

    @Test
    void anAddressGuessingManyNamesIsLockedForEveryName() {
        for (int i = 0; i < 20; i++) throttle.failed("user-" + i, "10.0.0.9");
        assertTrue(throttle.lockedFor("admin", "10.0.0.9").isPresent(), "every name from that address");
        assertEquals(Optional.empty(), throttle.lockedFor("admin", "10.0.0.1"), "other addresses are not locked");
    }

    @Test
    void aQuietSpellForgivesOldFailures() {
        for (int i = 0; i < 4; i++) throttle.failed("admin", "10.0.0.1");
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("admin", "10.0.0.1");
        assertEquals(Optional.empty(), throttle.lockedFor("admin", "10.0.0.1"));
    }
}
