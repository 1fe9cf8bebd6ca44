package dev.parallax.analytics.changepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChangePointSettingsTest {

    @Test
    void defaultsAreOtavas() {
        assertEquals(new ChangePointSettings(50, 0.001, 0), ChangePointSettings.defaults());
        assertEquals(25, ChangePointSettings.defaults().windowStep());
    }

    @Test
    void splitStepIsLooserByOtavasRule() {
        assertEquals(0.001 * 10, new ChangePointSettings(30, 0.001, 0).splitPValue());
        assertEquals(0.1, new ChangePointSettings(30, 0.05, 0).splitPValue(), 1e-17);
        assertEquals(0.4, new ChangePointSettings(30, 0.2, 0).splitPValue(), 1e-17);
        assertEquals(0.6, new ChangePointSettings(30, 0.6, 0).splitPValue());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ChangePointSettings(1, 0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChangePointSettings(30, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChangePointSettings(30, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChangePointSettings(30, 0.01, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new ChangePointSettings(30, Double.NaN, 0));
    }
}
