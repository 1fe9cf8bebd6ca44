package dev.parallax.flink;

import dev.parallax.analytics.throttle.EpisodeDetector;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.contract.Topics;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.DerivedRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Thermal-throttle episodes (SPEC §4) per device, by the engine-free {@link EpisodeDetector}, kept live
 * ({@link EpisodeDetectorSerializer}),
 * as in the Kafka Streams job: the detector decides in event time which rows an episode produces; they wait in
 * state by episode id (a newer row of an episode replaces the older) and go out together on a processing-time
 * tick every {@code emitInterval}, and at the end of a bounded run (the watermark reaches the end of time, where
 * an event-time timer waits), so a replay emits every episode's newest row.
 *
 * <p><b>Order.</b> A device's samples come from two topics (inferences and device samples), whose partitions a
 * Flink source reads at their own pace, minutes of event time apart in a replay; the detector tolerates only
 * its grace period of disorder. So samples ahead of the watermark wait in state and reach the detector in
 * event-time order once the watermark (the slowest partition's progress) passes them, as Kafka Streams picks
 * the next record of a task by timestamp. A sample already behind the watermark goes to the detector at once,
 * which judges its lateness by its own rules.
 */
final class ThrottleEpisodeFunction extends KeyedProcessFunction<String, ThermalInput, DerivedRecord> {

    private final JobSettings settings;
    private transient ThrottleSettings throttle;
    private transient ValueState<EpisodeDetector> detector;
    private transient MapState<String, byte[]> pending;
    /** Samples ahead of the watermark, by event time, in arrival order. */
    private transient MapState<Long, List<ThermalInput>> waiting;

    ThrottleEpisodeFunction(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        throttle = settings.throttle();
        detector = getRuntimeContext().getState(
                new ValueStateDescriptor<>("throttle-detector-live", EpisodeDetectorSerializer.INSTANCE));
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("throttle-pending", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        waiting = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("throttle-waiting", Types.LONG, Types.LIST(Types.POJO(ThermalInput.class))));
    }

    @Override
    public void processElement(ThermalInput input, Context context, Collector<DerivedRecord> out) throws Exception {
        if (input.eventTime <= context.timerService().currentWatermark()) {
            detect(List.of(input), context);
            return;
        }
        List<ThermalInput> samples = waiting.get(input.eventTime);
        if (samples == null) {
            samples = new ArrayList<>(1);
            context.timerService().registerEventTimeTimer(input.eventTime);
        }
        samples.add(input);
        waiting.put(input.eventTime, samples);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DerivedRecord> out) throws Exception {
        if (context.timeDomain() == TimeDomain.EVENT_TIME) {
            List<ThermalInput> due = waiting.get(timestamp);
            if (due != null) {
                waiting.remove(timestamp);
                detect(due, context);
            }
            if (timestamp != Long.MAX_VALUE) return;
        }
        for (Map.Entry<String, byte[]> row : pending.entries()) {
            out.collect(new DerivedRecord(Topics.THROTTLE, row.getKey(), row.getValue()));
        }
        pending.clear();
    }

    private void detect(List<ThermalInput> samples, Context context) throws Exception {
        EpisodeDetector episodes = detector.value();
        if (episodes == null) episodes = new EpisodeDetector(throttle);
        List<ThrottleEpisode> rows = new ArrayList<>();
        for (ThermalInput sample : samples) rows.addAll(episodes.onSample(sample.sample()));
        // A no-op for the heap backend (the detector was updated in place); a write for any other backend.
        detector.update(episodes);
        if (rows.isEmpty()) return;
        if (pending.isEmpty()) {
            context.timerService().registerProcessingTimeTimer(
                    EmitTicks.next(context.timerService().currentProcessingTime(), settings.emitIntervalMs()));
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        for (ThrottleEpisode episode : rows) pending.put(episode.episodeId(), DerivedRecords.throttleEpisode(episode));
    }
}
