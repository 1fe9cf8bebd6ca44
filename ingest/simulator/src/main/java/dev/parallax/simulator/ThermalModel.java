package dev.parallax.simulator;

/**
 * SoC temperature of a Raspberry Pi 5 as a first-order (Newtonian) system heading for a steady state that depends on
 * load and cooling, with the firmware's soft temperature limit.
 *
 * <p>Numbers from seed 002_15b029002dae3038.txt: without active cooling the Pi throttled at ~82 °C after ~14 minutes
 * of sustained inference; with a fan it stabilised at 71 °C. Throttling starts at 80 °C (the Pi firmware's soft
 * limit, SPEC §4 T_on). With a passive steady state of 86 °C and an idle start of 45 °C, the 7.3-minute time
 * constant puts the 80 °C crossing at 14 minutes; once throttled the capped clock lowers the steady state to 83 °C,
 * so a fanless Pi under load hovers in the seed's 80-85 °C band.
 */
final class ThermalModel {

    static final double IDLE_C = 45;
    static final double FAN_LOAD_C = 71;
    static final double PASSIVE_LOAD_C = 86;
    static final double THROTTLED_LOAD_C = 83;
    static final double THROTTLE_ON_C = 80;
    /** The firmware lifts the cap a little below the limit. */
    static final double THROTTLE_OFF_C = 78;
    static final double TIME_CONSTANT_S = 7.3 * 60;

    private final boolean fan;
    private double temperature;
    private boolean throttled;
    private boolean everThrottled;

    ThermalModel(boolean fan, double initialC) {
        this.fan = fan;
        this.temperature = initialC;
    }

    /** Advances {@code seconds} under load or idle. */
    void advance(double seconds, boolean loaded) {
        double target = !loaded ? IDLE_C : fan ? FAN_LOAD_C : throttled ? THROTTLED_LOAD_C : PASSIVE_LOAD_C;
        temperature = target + (temperature - target) * Math.exp(-seconds / TIME_CONSTANT_S);
        if (temperature >= THROTTLE_ON_C) throttled = true;
        else if (temperature < THROTTLE_OFF_C) throttled = false;
        everThrottled |= throttled;
    }

    double temperature() {
        return temperature;
    }

    boolean throttled() {
        return throttled;
    }

    /**
     * {@code vcgencmd get_throttled} bits: 1 arm frequency capped, 2 currently throttled, 3 soft temperature limit
     * active, and their "has occurred" twins 17-19, which stay set once seen.
     */
    int throttleFlags() {
        int now = throttled ? 0b1110 : 0;
        int occurred = everThrottled ? 0b1110 << 16 : 0;
        return now | occurred;
    }
}
