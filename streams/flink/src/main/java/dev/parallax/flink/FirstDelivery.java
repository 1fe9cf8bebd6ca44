package dev.parallax.flink;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets each event through once (SPEC §3a), keyed by event id: an id seen before, a resent batch or a
 * producer's retry, changes no window, episode or pair, as in the Kafka Streams job. An id is remembered for
 * the horizon plus the clock allowance (Flink's state time-to-live runs on processing time), then dropped.
 */
final class FirstDelivery extends KeyedProcessFunction<String, DecodedInput, DecodedInput> {

    private final ArrivalPolicy arrival;
    private transient ValueState<Boolean> seen;
    private transient Counter repeats;

    FirstDelivery(ArrivalPolicy arrival) {
        this.arrival = arrival;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("event-seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(arrival.horizonMs() + arrival.maxClockAheadMs()))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite).build());
        seen = getRuntimeContext().getState(descriptor);
        repeats = getRuntimeContext().getMetricGroup().counter("repeatedEvents");
    }

    @Override
    public void processElement(DecodedInput input, Context context, Collector<DecodedInput> out) throws Exception {
        if (seen.value() != null) {
            repeats.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(input);
    }
}
