package dev.parallax.kstreams;

import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.streams.records.WindowedAnalytic;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The input task's share of a {@link WindowedAnalytic}'s windows: its inputs summed per key and window into
 * partial windows, handed on every {@link #INTERVAL} as {@link WindowContribution}s at their newest event
 * time, and forgotten. Windows merge exactly, so the {@link KeyedWindowsProcessor} that merges the partials of
 * every task ends with the windows it would have built from the inputs themselves, and the repartition by key
 * carries a few partial windows per interval instead of every event.
 *
 * <p>A partial takes every input of its window, in whatever order they come: only the windows processor, which
 * sees all partials of a key, judges the horizon (SPEC §3a). Partials live in a changelogged
 * {@link LiveStateStore}, written once per commit: a partial not yet handed on when the task commits its input
 * offsets survives a crash.
 *
 * @param <V> the record's value, which {@code input} maps to the analytic's input
 */
final class PartialWindowsProcessor<V, I, K, W> implements Processor<byte[], V, K, WindowContribution<W>> {

    /** Short against the commit interval, so that partials add little to a window's freshness. */
    static final Duration INTERVAL = Duration.ofMillis(200);

    private final WindowedAnalytic<I, K, W> analytic;
    private final Function<V, I> input;
    private final TumblingWindows windows;
    private ProcessorContext<K, WindowContribution<W>> context;
    private WindowStates<K, WindowContribution<W>> partials;

    PartialWindowsProcessor(WindowedAnalytic<I, K, W> analytic, Function<V, I> input) {
        this.analytic = analytic;
        this.input = input;
        this.windows = analytic.windows();
    }

    /** The stores of an analytic's partials: the partials and their marks. */
    static String partialsStore(WindowedAnalytic<?, ?, ?> analytic) {
        return analytic.name() + "-partials";
    }

    static String updatedStore(WindowedAnalytic<?, ?, ?> analytic) {
        return analytic.name() + "-partials-updated";
    }

    @Override
    public void init(ProcessorContext<K, WindowContribution<W>> context) {
        this.context = context;
        this.partials = new WindowStates<>(context.getStateStore(partialsStore(analytic)),
                context.getStateStore(updatedStore(analytic)), analytic.keyCodec());
        context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> handOn());
    }

    @Override
    public void process(Record<byte[], V> record) {
        I in = input.apply(record.value());
        long eventTime = analytic.eventTime(in);
        partials.update(windows.windowStart(eventTime), analytic.key(in),
                () -> new WindowContribution<>(Long.MIN_VALUE, analytic.emptyWindow()),
                partial -> new WindowContribution<>(Math.max(partial.eventTime(), eventTime),
                        analytic.add(partial.window(), in)));
    }

    private void handOn() {
        // Stamped with the wall clock, which the broker accepts: the partial's event time travels in its value.
        long now = context.currentSystemTimeMs();
        partials.takeUpdated((key, windowStart, partial) -> context.forward(new Record<>(key, partial, now)));
    }
}
