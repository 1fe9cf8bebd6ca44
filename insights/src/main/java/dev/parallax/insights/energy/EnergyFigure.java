package dev.parallax.insights.energy;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.energy.EnergyEstimate;

/** Energy per inference of one model in one precision on one device class (SPEC §8). */
public record EnergyFigure(String modelName, String precision, String deviceClass, EnergyEstimate estimate) {

    /** What its count is: only inferences with power readings, so it is not a test's inferences. */
    public static final String COUNTED = "Inferences with power readings";

    /** The 95 % confidence interval for people; an interval needs two inferences. */
    public static String interval(EnergyEstimate e) {
        return e.inferences() < 2 ? Figures.NOT_ENOUGH_DATA
                : Figures.joules(e.lowJoules()) + " – " + Figures.joules(e.highJoules());
    }
}
