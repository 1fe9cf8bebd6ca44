package dev.parallax.simulator;

import dev.parallax.schema.Precision;
import dev.parallax.schema.RunTrigger;
import dev.parallax.schema.Tier;

/** One device of the fleet and the test run it is in, if any. Mutable; owned by one {@link FleetSimulator}. */
final class SimulatedDevice {

    final String id;
    final String deviceClass;
    final Tier tier;
    final Precision precision;
    final String runtime;
    final boolean fan;
    final double idlePowerW;
    /** Null on cloud GPUs: they are not what throttles in this story. */
    final ThermalModel thermal;

    boolean inRun;
    String runId;
    RunTrigger trigger;
    ModelProfile model;
    int nextInput;
    int runs;
    double nextTransitionS;
    double nextSampleS;
    private double thermalAtS;

    SimulatedDevice(String id, String deviceClass, Tier tier, Precision precision, String runtime, boolean fan,
                    double idlePowerW, ThermalModel thermal) {
        this.id = id;
        this.deviceClass = deviceClass;
        this.tier = tier;
        this.precision = precision;
        this.runtime = runtime;
        this.fan = fan;
        this.idlePowerW = idlePowerW;
        this.thermal = thermal;
    }

    boolean isEdge() {
        return tier == Tier.EDGE;
    }

    boolean throttled() {
        return thermal != null && thermal.throttled();
    }

    /** Brings the thermal state to simulated time {@code t}. */
    void advanceTo(double t) {
        if (thermal != null && t > thermalAtS) thermal.advance(t - thermalAtS, inRun);
        thermalAtS = Math.max(thermalAtS, t);
    }

    /** Pi 5 arm clock: 2.4 GHz, capped to 1.5 GHz under the soft temperature limit. */
    Double cpuFreqMhz() {
        return thermal == null ? null : throttled() ? 1500.0 : 2400.0;
    }
}
