package dev.parallax.analytics.changepoint;

/**
 * A change in a series of runs.
 *
 * @param index position of the first run after the change
 * @param shift the segments either side (up to the neighbouring change points) and the test between them
 */
public record ChangePoint(int index, MeanShift shift) {
}
