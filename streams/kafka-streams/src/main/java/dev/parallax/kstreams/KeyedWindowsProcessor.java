package dev.parallax.kstreams;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.metrics.PipelineMetrics;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.WindowedAnalytic;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Any {@link WindowedAnalytic} on Kafka Streams: partial windows, by key, merged into the key's windows by the
 * rules of SPEC §3a.
 *
 * <p>Each key has its own clock ({@link KeyClocks}), the newest event time of its partials. A partial amends
 * its window whatever order it comes in, as long as the window is within the horizon (default 7 days) of its
 * key's clock: the window is emitted again, its row replacing the older one. A partial beyond the horizon is
 * too late: the analytic counts it in the key's newest window; its events stay in the raw tables. Late and too-late
 * inputs are counted in {@link dev.parallax.metrics.PipelineMetrics}. A window is forgotten once it is beyond its
 * key's horizon.
 *
 * <p>Updated windows are marked dirty in a store and emitted together once per {@code emitInterval} rather
 * than once per event; the dirty marks are in a changelogged store, so a window updated just before a commit
 * and a crash is still emitted after the restart. Windows live decoded in a {@link LiveStateStore}: a partial
 * updates its window in memory, and each updated window is encoded once per commit.
 */
final class KeyedWindowsProcessor<K, W> implements Processor<K, WindowContribution<W>, String, byte[]> {

    private final WindowedAnalytic<?, K, W> analytic;
    private final TumblingWindows windows;
    private final Duration emitInterval;
    private final ArrivalPolicy arrival;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, byte[]> context;
    private WindowStates<K, W> windowStates;
    private KeyClocks clocks;

    KeyedWindowsProcessor(WindowedAnalytic<?, K, W> analytic, Duration emitInterval, ArrivalPolicy arrival,
                          PipelineMetrics metrics) {
        this.analytic = analytic;
        this.windows = analytic.windows();
        this.emitInterval = emitInterval;
        this.arrival = arrival;
        this.metrics = metrics;
    }

    /** The stores of an analytic's windows: the windows, their dirty marks and the keys' clocks. */
    static String windowsStore(WindowedAnalytic<?, ?, ?> analytic) {
        return analytic.name() + "-windows";
    }

    static String dirtyStore(WindowedAnalytic<?, ?, ?> analytic) {
        return analytic.name() + "-windows-dirty";
    }

    static String clocksStore(WindowedAnalytic<?, ?, ?> analytic) {
        return analytic.name() + "-key-clocks";
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.windowStates = new WindowStates<>(context.getStateStore(windowsStore(analytic)),
                context.getStateStore(dirtyStore(analytic)), analytic.keyCodec());
        this.clocks = new KeyClocks(context.getStateStore(clocksStore(analytic)), arrival, windows);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitDirty());
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, now -> clocks.forgetBeyondHorizon(windowStates));
    }

    @Override
    public void process(Record<K, WindowContribution<W>> record) {
        WindowContribution<W> partial = record.value();
        Bytes key = windowStates.keyBytes(record.key());
        long clock = clocks.advance(key, partial.eventTime());
        long windowStart = windows.windowStart(partial.eventTime());
        if (!arrival.isBeyondHorizon(windows.windowEnd(windowStart), clock)) {
            if (windowStart < windows.windowStart(clock)) metrics.late(analytic.name(), analytic.inputs(partial.window()));
            windowStates.update(windowStart, key, analytic::emptyWindow, window -> analytic.merge(window, partial.window()));
            return;
        }
        metrics.tooLate(analytic.name(), analytic.inputs(partial.window()));
        if (analytic.countsTooLate()) {
            windowStates.update(windows.windowStart(clock), key, analytic::emptyWindow,
                    newest -> analytic.countTooLate(newest, partial.window()));
        }
    }

    private void emitDirty() {
        // Stamped with the wall clock: the broker accepts it, and the derived topic's retention runs on it.
        long now = context.currentSystemTimeMs();
        windowStates.emitUpdated((key, windowStart, window) -> {
            DerivedRecord row = analytic.row(key, windowStart, window);
            context.forward(new Record<>(row.key(), row.value(), now));
        });
    }
}
