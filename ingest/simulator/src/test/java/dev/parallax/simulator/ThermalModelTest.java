package dev.parallax.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThermalModelTest {

    @Test
    void fanlessPiThrottlesAfterAboutFourteenMinutesAndHoversBetween80And85() {
        ThermalModel pi = new ThermalModel(false, ThermalModel.IDLE_C);
        int second = 0;
        while (!pi.throttled()) {
            pi.advance(1, true);
            second++;
        }
        assertTrue(second >= 13 * 60 && second <= 15 * 60, "throttled after " + second + " s");
        assertEquals(0b1110 | 0b1110 << 16, pi.throttleFlags());
        double min = 100, max = 0;
        for (int s = 0; s < 3600; s++) {
            pi.advance(1, true);
            min = Math.min(min, pi.temperature());
            max = Math.max(max, pi.temperature());
        }
        assertTrue(min >= 78 && max <= 85, "under sustained load: " + min + ".." + max + " °C");
    }

    @Test
    void piWithAFanSettlesAt71AndNeverThrottles() {
        ThermalModel pi = new ThermalModel(true, ThermalModel.IDLE_C);
        for (int s = 0; s < 2 * 3600; s++) {
            pi.advance(1, true);
            assertFalse(pi.throttled());
        }
        assertEquals(71, pi.temperature(), 0.1);
        assertEquals(0, pi.throttleFlags());
    }

    @Test
    void coolingDownLiftsTheThrottleButKeepsTheHasOccurredBits() {
        ThermalModel pi = new ThermalModel(false, 84);
        pi.advance(1, true);
        assertTrue(pi.throttled());
        pi.advance(600, false);
        assertFalse(pi.throttled());
        assertEquals(0b1110 << 16, pi.throttleFlags());
    }
}
