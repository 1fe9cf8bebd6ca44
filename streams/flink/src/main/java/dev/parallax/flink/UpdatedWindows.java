package dev.parallax.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The windows of the current key updated since they were last emitted, kept in keyed state, with the next
 * {@link EmitTicks emit tick} registered when the first one is marked: updated windows go out once per
 * interval rather than once per element.
 */
final class UpdatedWindows {

    private final MapState<Long, Boolean> marks;
    private final long emitIntervalMs;

    UpdatedWindows(RuntimeContext runtime, String stateName, long emitIntervalMs) {
        this.marks = runtime.getMapState(new MapStateDescriptor<>(stateName, Types.LONG, Types.BOOLEAN));
        this.emitIntervalMs = emitIntervalMs;
    }

    void mark(long windowStart, TimerService timers) throws Exception {
        if (marks.isEmpty()) timers.registerProcessingTimeTimer(EmitTicks.next(timers.currentProcessingTime(), emitIntervalMs));
        marks.put(windowStart, Boolean.TRUE);
    }

    boolean contains(long windowStart) throws Exception {
        return marks.contains(windowStart);
    }

    /** The marked window starts, copied: emitting one unmarks it. */
    List<Long> all() throws Exception {
        List<Long> starts = new ArrayList<>();
        marks.keys().forEach(starts::add);
        return starts;
    }

    void unmark(long windowStart) throws Exception {
        marks.remove(windowStart);
    }
}
