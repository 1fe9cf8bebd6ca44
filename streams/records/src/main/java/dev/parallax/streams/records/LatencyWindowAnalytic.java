package dev.parallax.streams.records;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.latency.LatencyWindowState;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.contract.Topics;

/**
 * Tail-latency windows (SPEC §3): per latency key, 1-minute windows of its inferences' latencies in a quantile
 * sketch; events beyond the horizon count in {@code late_events} of the key's newest window.
 */
public final class LatencyWindowAnalytic implements WindowedAnalytic<LatencyObservation, LatencyKey, LatencyWindowState> {

    private final LatencySettings settings;

    public LatencyWindowAnalytic(LatencySettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String topic() {
        return Topics.LATENCY;
    }

    @Override
    public TumblingWindows windows() {
        return settings.windows();
    }

    @Override
    public StateCodec<LatencyKey> keyCodec() {
        return LatencyKey.CODEC;
    }

    @Override
    public StateCodec<LatencyWindowState> windowCodec() {
        return LatencyWindowState.CODEC;
    }

    @Override
    public LatencyKey key(LatencyObservation input) {
        return input.key();
    }

    @Override
    public long eventTime(LatencyObservation input) {
        return input.eventTime();
    }

    @Override
    public LatencyWindowState emptyWindow() {
        return LatencyWindowState.empty(settings);
    }

    @Override
    public LatencyWindowState add(LatencyWindowState window, LatencyObservation input) {
        return window.add(input);
    }

    @Override
    public LatencyWindowState merge(LatencyWindowState window, LatencyWindowState partial) {
        return window.merge(partial);
    }

    @Override
    public long inputs(LatencyWindowState window) {
        return window.window().count();
    }

    @Override
    public boolean countsTooLate() {
        return true;
    }

    @Override
    public LatencyWindowState countTooLate(LatencyWindowState newest, LatencyWindowState partial) {
        return newest.countTooLate(partial);
    }

    @Override
    public DerivedRecord row(LatencyKey key, long windowStart, LatencyWindowState window) {
        return new DerivedRecord(topic(), DerivedRecords.latencyWindowKey(key, windowStart),
                DerivedRecords.latencyWindow(key, windowStart, windows().windowEnd(windowStart), window.window(),
                        window.late()));
    }
}
