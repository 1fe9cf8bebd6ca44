package dev.parallax.flink;

/**
 * When updated results go out: on processing-time ticks every {@code emitInterval}, rounded to the interval
 * so that all keys of a task share a few timers instead of one each.
 */
final class EmitTicks {

    private EmitTicks() {
    }

    static long next(long now, long interval) {
        return (now / interval + 1) * interval;
    }
}
