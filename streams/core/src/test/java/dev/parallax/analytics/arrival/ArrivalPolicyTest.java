package dev.parallax.analytics.arrival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArrivalPolicyTest {

    private static final long HOUR = 3_600_000;
    private static final long ARRIVAL = 1_795_428_000_000L;
    private final ArrivalPolicy policy = ArrivalPolicy.defaults();

    @Test
    void eventsArePlacedAtTheirOwnTimeUnlessTheirClockIsTooFarAhead() {
        assertEquals(ARRIVAL - 40 * 60_000, policy.placementTime(ARRIVAL - 40 * 60_000, ARRIVAL), "a backlog keeps its time");
        assertEquals(ARRIVAL + 10 * 60_000, policy.placementTime(ARRIVAL + 10 * 60_000, ARRIVAL), "ten minutes ahead is believed");
        assertEquals(ARRIVAL + HOUR, policy.placementTime(ARRIVAL + HOUR, ARRIVAL), "the allowance itself is believed");
        assertEquals(ARRIVAL, policy.placementTime(ARRIVAL + HOUR + 1, ARRIVAL));
        assertEquals(ARRIVAL, policy.placementTime(ARRIVAL + Duration.ofDays(30).toMillis(), ARRIVAL), "a month ahead");
        assertEquals(ARRIVAL, policy.placementTime(Long.MAX_VALUE, ARRIVAL));
        assertTrue(policy.isClockAhead(Long.MAX_VALUE, ARRIVAL));
        assertFalse(policy.isClockAhead(Long.MIN_VALUE + 1, ARRIVAL));
    }

    @Test
    void arrivalIsTheBrokerTimestampNeverAheadOfTheJobsClockNorNegative() {
        assertEquals(ARRIVAL, ArrivalPolicy.arrivalTime(ARRIVAL, ARRIVAL + 5));
        assertEquals(ARRIVAL, ArrivalPolicy.arrivalTime(ARRIVAL + HOUR, ARRIVAL), "a create-time ahead of the job's clock");
        assertEquals(ARRIVAL, ArrivalPolicy.arrivalTime(-1, ARRIVAL), "no timestamp");
        assertEquals(0, ArrivalPolicy.arrivalTime(-1, -5));
    }

    @Test
    void theHorizonIsPerKeyClock() {
        ArrivalPolicy policy = new ArrivalPolicy(7 * 24 * HOUR, HOUR);
        long clock = ARRIVAL;
        assertFalse(policy.isBeyondHorizon(clock - 7 * 24 * HOUR + 1, clock));
        assertTrue(policy.isBeyondHorizon(clock - 7 * 24 * HOUR, clock), "a window ending a horizon behind");
        assertFalse(policy.isBeyondHorizon(Long.MIN_VALUE, ArrivalPolicy.NO_EVENT), "a key without events has no horizon");
        assertEquals(clock, ArrivalPolicy.advance(clock, clock - 1));
        assertEquals(clock + 1, ArrivalPolicy.advance(clock, clock + 1));
        assertEquals(clock, ArrivalPolicy.advance(ArrivalPolicy.NO_EVENT, clock));
    }

    @Test
    void theForgetBoundCoversExactlyTheWindowsBeyondTheNewestClock() {
        ArrivalPolicy policy = new ArrivalPolicy(HOUR, HOUR);
        long minute = 60_000;
        long bound = policy.forgetBound(ARRIVAL, minute);
        assertTrue(policy.isBeyondHorizon(bound - 1 + minute, ARRIVAL), "the last start below the bound is beyond");
        assertFalse(policy.isBeyondHorizon(bound + minute, ARRIVAL), "the bound itself is not");
        assertEquals(Long.MIN_VALUE, policy.forgetBound(ArrivalPolicy.NO_EVENT, minute));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ArrivalPolicy(0, HOUR));
        assertThrows(IllegalArgumentException.class, () -> new ArrivalPolicy(HOUR, -1));
    }
}
