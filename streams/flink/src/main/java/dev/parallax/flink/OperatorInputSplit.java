package dev.parallax.flink;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The operators' inputs of each event let through once, mapped where the event was decoded: a latency
 * observation (the main output), a thermal sample ({@link #THERMAL}) and an output for divergence
 * ({@link #OUTPUTS}), whichever the event has.
 */
final class OperatorInputSplit extends ProcessFunction<DecodedInput, LatencyInput> {

    static final OutputTag<ThermalInput> THERMAL = new OutputTag<>("thermal-samples") {
    };
    static final OutputTag<OutputInput> OUTPUTS = new OutputTag<>("divergence-outputs") {
    };

    @Override
    public void processElement(DecodedInput input, Context context, Collector<LatencyInput> out) {
        if (input.latency != null) out.collect(input.latency);
        if (input.thermal != null) context.output(THERMAL, input.thermal);
        if (input.output != null) context.output(OUTPUTS, input.output);
    }
}
