package dev.parallax.streams.records;

import dev.parallax.analytics.codec.StateCodec;
import java.util.List;

/**
 * An analytic that keeps one state per key and answers each input at once with its outcomes (throttle episodes,
 * SPEC §4; quantized-vs-reference pairing, SPEC §5), described once for both stream engines. Each engine has
 * one adapter that runs any such analytic: it keeps the state per {@link #key}, hands each input over with the
 * engine's event-time clock, visits a key again once that clock reaches its state's {@link #nextExpiry},
 * forgets a state once {@link #isEmpty}, and writes each outcome's {@link #records}.
 *
 * @param <I> one input (a thermal sample, an output vector)
 * @param <K> the key the state is per
 * @param <S> the key's state (mutable: {@link #onInput} and {@link #expire} update it in place)
 * @param <O> one outcome (an episode row, a pair, a rejection)
 */
public interface KeyedStateAnalytic<I, K, S, O> {

    /** Names the analytic's state in both engines (stores, state descriptors). */
    String name();

    StateCodec<K> keyCodec();

    StateCodec<S> stateCodec();

    K key(I input);

    long eventTime(I input);

    S emptyState();

    /**
     * Whether the state needs its inputs in event-time order beyond the little disorder it sorts out itself: an
     * engine whose inputs interleave partitions read minutes of event time apart (Flink's sources) then holds
     * each input until its watermark passes it.
     */
    default boolean takesInputsInOrder() {
        return false;
    }

    /** Whether states expire at a clock ({@link #nextExpiry}); engines keep a clock and expiry index only then. */
    default boolean expires() {
        return false;
    }

    /**
     * Takes one input.
     *
     * @param clock the engine's event-time clock as the input comes, if the analytic {@link #expires}: the
     *              largest event time its task has seen, or a watermark; {@link Long#MIN_VALUE} before there is
     *              one, and always for an analytic that does not expire
     */
    List<O> onInput(S state, I input, long clock);

    /** The clock at which {@link #expire} has something to do, {@link Long#MAX_VALUE} if never. */
    default long nextExpiry(S state) {
        return Long.MAX_VALUE;
    }

    /** Outcomes the clock has decided (a candidate whose reference can no longer come). */
    default List<O> expire(S state, long clock) {
        return List.of();
    }

    /** Whether the state holds nothing worth keeping, so the engine may forget it. */
    default boolean isEmpty(S state) {
        return false;
    }

    /** The derived records of an outcome: rows of its topics, dead letters; none for some. */
    List<DerivedRecord> records(O outcome);

    /**
     * The topic whose records replace earlier ones of the same key (an episode's newer version), or null: the
     * engines hold that topic's records and write the newest per key once per emit interval, so output stays
     * bounded in a replay.
     */
    default String replacingTopic() {
        return null;
    }
}
