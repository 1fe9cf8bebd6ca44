package dev.parallax.ui.energy;

import dev.parallax.analytics.energy.EnergyEstimate;

/** Energy per inference of one model in one precision on one device class (SPEC §8). */
public record EnergyFigure(String modelName, String precision, String deviceClass, EnergyEstimate estimate) {
}
