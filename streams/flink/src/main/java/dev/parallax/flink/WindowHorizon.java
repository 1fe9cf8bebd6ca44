package dev.parallax.flink;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.window.TumblingWindows;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The current key's clock in keyed state (SPEC §3a), as the Kafka Streams job's {@code KeyClocks}: the newest
 * event time of the key's events, which alone decides which of its windows are beyond the horizon.
 */
final class WindowHorizon {

    private final ValueState<Long> clock;
    private final ArrivalPolicy arrival;
    private final TumblingWindows windows;

    WindowHorizon(RuntimeContext runtime, String stateName, ArrivalPolicy arrival, TumblingWindows windows) {
        this.clock = runtime.getState(new ValueStateDescriptor<>(stateName, Types.LONG));
        this.arrival = arrival;
        this.windows = windows;
    }

    /**
     * Moves the key's clock to {@code eventTime} if that is newer. On the key's first event it registers the
     * end-of-input timer (a bounded run emits its windows when the watermark reaches the end of time); when the
     * clock enters a new window it returns the key's windows ({@code windowsOfKey}) now beyond the horizon, for
     * the caller to emit if updated and forget.
     */
    List<Long> advance(long eventTime, WindowStarts windowsOfKey, TimerService timers) throws Exception {
        long before = current();
        long now = ArrivalPolicy.advance(before, eventTime);
        if (now == before) return List.of();
        clock.update(now);
        if (before == ArrivalPolicy.NO_EVENT) {
            timers.registerEventTimeTimer(Long.MAX_VALUE);
            return List.of();
        }
        if (windows.windowStart(now) == windows.windowStart(before)) return List.of();
        List<Long> beyond = new ArrayList<>();
        for (long windowStart : windowsOfKey.read()) {
            if (isBeyondHorizon(windowStart)) beyond.add(windowStart);
        }
        return beyond;
    }

    /** The starts of the key's windows, read only when the clock enters a new window. */
    interface WindowStarts {
        Iterable<Long> read() throws Exception;
    }

    /** Whether the key's window starting at {@code windowStart} is beyond its horizon. */
    boolean isBeyondHorizon(long windowStart) throws Exception {
        return arrival.isBeyondHorizon(windows.windowEnd(windowStart), current());
    }

    /** The key's clock; {@link ArrivalPolicy#NO_EVENT} before its first event. */
    long current() throws Exception {
        Long stored = clock.value();
        return stored == null ? ArrivalPolicy.NO_EVENT : stored;
    }
}
