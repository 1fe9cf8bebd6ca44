package dev.parallax.flink;

import dev.parallax.analytics.throttle.EpisodeDetector;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.contract.Topics;
import dev.parallax.streams.records.DerivedRecords;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Thermal-throttle episodes (SPEC §4) per device, by the engine-free {@link EpisodeDetector} in its own bytes,
 * as in the Kafka Streams job: the detector decides in event time which rows an episode produces; they wait in
 * state by episode id (a newer row of an episode replaces the older) and go out together on a processing-time
 * tick every {@code emitInterval}, and at the end of a bounded run (the watermark reaches the end of time, where
 * an event-time timer waits), so a replay emits every episode's newest row.
 */
final class ThrottleEpisodeFunction extends KeyedProcessFunction<String, ThermalInput, DerivedRecord> {

    private final JobSettings settings;
    private transient ThrottleSettings throttle;
    private transient ValueState<byte[]> detector;
    private transient MapState<String, byte[]> pending;

    ThrottleEpisodeFunction(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        throttle = settings.throttle();
        detector = getRuntimeContext().getState(
                new ValueStateDescriptor<>("throttle-detector", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("throttle-pending", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(ThermalInput input, Context context, Collector<DerivedRecord> out) throws Exception {
        byte[] stored = detector.value();
        EpisodeDetector episodes = stored == null ? new EpisodeDetector(throttle) : EpisodeDetector.fromBytes(stored, throttle);
        List<ThrottleEpisode> rows = episodes.onSample(input.sample());
        detector.update(episodes.toBytes());
        if (rows.isEmpty()) return;
        if (pending.isEmpty()) {
            context.timerService().registerProcessingTimeTimer(
                    EmitTicks.next(context.timerService().currentProcessingTime(), settings.emitIntervalMs()));
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        for (ThrottleEpisode episode : rows) pending.put(episode.episodeId(), DerivedRecords.throttleEpisode(episode));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DerivedRecord> out) throws Exception {
        for (Map.Entry<String, byte[]> row : pending.entries()) {
            out.collect(new DerivedRecord(Topics.THROTTLE, row.getKey(), row.getValue()));
        }
        pending.clear();
    }
}
