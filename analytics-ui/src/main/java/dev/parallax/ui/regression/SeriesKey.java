package dev.parallax.ui.regression;

/** What one series of runs follows: a test of a model at a precision on a tier and class of device. */
public record SeriesKey(String testId, String model, String precision, String tier, String deviceClass) {

    @Override
    public String toString() {
        return testId + " · " + model + " " + precision + " · " + tier + " " + deviceClass;
    }
}
