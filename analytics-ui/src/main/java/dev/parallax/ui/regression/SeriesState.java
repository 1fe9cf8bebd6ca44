package dev.parallax.ui.regression;

import java.time.Instant;

/**
 * What a series' analysis is read from, as it stands: for each source, how many rows it holds for the series and its
 * newest stamp. Any row added or replaced (a new run, an inference of a running run, a divergence pair, a throttle
 * episode of one of its devices opened or closed, a run event, an expected-change mark) changes it, so an analysis
 * made at an equal state is the analysis of the series now. A merge that drops duplicates changes it too: that only
 * costs a needless re-read.
 *
 * @param inferenceRows its successful inferences in runs (rows, duplicates included)
 * @param lastIngested when the newest of them was written
 * @param pairRows divergence pairs of its test, model, precision and device class
 * @param pairVersion their newest version
 * @param episodeRows throttle episode rows of the devices it ran on
 * @param episodeVersion their newest version
 * @param runEventRows run events of its runs
 * @param lastRunEvent when the newest of them was written
 * @param marks expected-change marks on its change points
 */
public record SeriesState(long inferenceRows, Instant lastIngested, long pairRows, long pairVersion, long episodeRows,
                          long episodeVersion, long runEventRows, Instant lastRunEvent, long marks) {
}
