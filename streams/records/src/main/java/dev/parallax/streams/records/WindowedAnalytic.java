package dev.parallax.streams.records;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.window.TumblingWindows;

/**
 * An analytic of tumbling event-time windows per key, described once for both stream engines (latency
 * windows, SPEC §3; divergence windows, SPEC §5). Each engine has one adapter that runs any such analytic by
 * the rules of SPEC §3a: each key's own clock decides which of its windows are beyond the horizon; a nearer
 * window takes its late inputs and is emitted again; an input beyond the horizon is counted
 * ({@link #countTooLate}) and not aggregated; windows beyond the horizon are forgotten.
 *
 * <p>An engine may sum inputs into partial windows first ({@link #add}) and merge those later
 * ({@link #merge}): windows merge exactly, so the result is the same.
 *
 * @param <I> one input (a latency observation, a divergence contribution)
 * @param <K> the key the windows are per
 * @param <W> the window's aggregate (mutable: {@link #add} and {@link #merge} may update in place)
 */
public interface WindowedAnalytic<I, K, W> {

    /** Names the analytic's state in both engines (stores, state descriptors, metrics). */
    String name();

    /** The derived topic its rows go to (SPEC §11). */
    String topic();

    TumblingWindows windows();

    StateCodec<K> keyCodec();

    StateCodec<W> windowCodec();

    K key(I input);

    /** The input's placement time (SPEC §3a), which picks its window and moves its key's clock. */
    long eventTime(I input);

    W emptyWindow();

    /** Adds one input to its window; returns the window. */
    W add(W window, I input);

    /** Merges a partial window of the same key and window start; returns the window. */
    W merge(W window, W partial);

    /**
     * Whether the rows show a count of the key's inputs beyond the horizon ({@link #countTooLate}); if not, the
     * engines count them in a metric only.
     */
    default boolean countsTooLate() {
        return false;
    }

    /** How many inputs a window or partial window holds: the unit late and too-late inputs are counted in. */
    long inputs(W window);

    /** Counts a partial beyond its key's horizon in the key's newest window; returns that window. */
    default W countTooLate(W newest, W partial) {
        return newest;
    }

    /** The derived record of a window, for {@link #topic()}; it replaces the window's earlier versions. */
    DerivedRecord row(K key, long windowStart, W window);
}
