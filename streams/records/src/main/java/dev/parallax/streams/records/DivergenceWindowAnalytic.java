package dev.parallax.streams.records;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.divergence.DivergenceContribution;
import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.DivergenceWindow;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.contract.Topics;

/**
 * Divergence windows (SPEC §5): per (model, candidate precision, device class) and window of the candidate's
 * event time, the merge of the pairs and unmatched candidates the pairing reported.
 *
 * <p>A candidate is paired when its reference arrives, up to the pairing horizon (default 24 h) after it, or
 * found unmatched once that has passed; both count in the window of the candidate's event time, so windows
 * take contributions for the longer window horizon (default 7 days). An older contribution is not aggregated
 * and has no column in the row (the engines count it in a metric); its pair row is in {@code divergence_pairs}.
 */
public final class DivergenceWindowAnalytic
        implements WindowedAnalytic<DivergenceContribution, DivergenceKey, DivergenceWindow> {

    private final DivergenceSettings settings;

    public DivergenceWindowAnalytic(DivergenceSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "divergence";
    }

    @Override
    public String topic() {
        return Topics.DIVERGENCE;
    }

    @Override
    public TumblingWindows windows() {
        return settings.windows();
    }

    @Override
    public StateCodec<DivergenceKey> keyCodec() {
        return DivergenceKey.CODEC;
    }

    @Override
    public StateCodec<DivergenceWindow> windowCodec() {
        return DivergenceWindow.CODEC;
    }

    @Override
    public DivergenceKey key(DivergenceContribution input) {
        return input.key();
    }

    @Override
    public long eventTime(DivergenceContribution input) {
        return input.candidateEventTime();
    }

    @Override
    public DivergenceWindow emptyWindow() {
        return settings.newWindow();
    }

    @Override
    public DivergenceWindow add(DivergenceWindow window, DivergenceContribution input) {
        return window.merge(input.window());
    }

    @Override
    public DivergenceWindow merge(DivergenceWindow window, DivergenceWindow partial) {
        return window.merge(partial);
    }

    @Override
    public long inputs(DivergenceWindow window) {
        return window.pairs() + window.unmatched();
    }

    @Override
    public DerivedRecord row(DivergenceKey key, long windowStart, DivergenceWindow window) {
        return new DerivedRecord(topic(), DerivedRecords.divergenceWindowKey(key, windowStart),
                DerivedRecords.divergenceWindow(key, windowStart, windows().windowEnd(windowStart), window));
    }
}
