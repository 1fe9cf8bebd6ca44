package dev.parallax.flink;

import dev.parallax.codec.DecodeResult;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.streams.records.OperatorInputs;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The accepted events (Avro from the decoder) as the operators' inputs, mapped by {@link OperatorInputs}, each
 * event decoded once: an inference is a latency observation (the main output), a thermal sample
 * ({@link #THERMAL}) and, with outputs and an input id, an output for divergence ({@link #OUTPUTS}); a device
 * sample is a thermal sample. Run events feed no operator.
 */
final class OperatorInputSplit extends ProcessFunction<DecodedInput, LatencyInput> {

    static final OutputTag<ThermalInput> THERMAL = new OutputTag<>("thermal-samples") {
    };
    static final OutputTag<OutputInput> OUTPUTS = new OutputTag<>("divergence-outputs") {
    };

    private transient EventCodec<InferenceEvent> inferences;
    private transient EventCodec<DeviceSample> deviceSamples;

    @Override
    public void open(OpenContext context) {
        inferences = EventCodec.inference();
        deviceSamples = EventCodec.deviceSample();
    }

    @Override
    public void processElement(DecodedInput input, Context context, Collector<LatencyInput> out) {
        switch (input.topic) {
            case Topics.INFERENCE -> {
                InferenceEvent event = decode(inferences, input);
                out.collect(LatencyInput.of(OperatorInputs.latency(event)));
                context.output(THERMAL, ThermalInput.of(OperatorInputs.thermal(event)));
                OperatorInputs.output(event).ifPresent(sample ->
                        context.output(OUTPUTS, OutputInput.of(sample, OperatorInputs.testRun(event))));
            }
            case Topics.DEVICE -> context.output(THERMAL, ThermalInput.of(OperatorInputs.thermal(decode(deviceSamples, input))));
            default -> {
                // Run events are in the warehouse through the sink; no analytics operator reads them.
            }
        }
    }

    private static <T extends SpecificRecord> T decode(EventCodec<T> codec, DecodedInput input) {
        if (codec.decode(input.event) instanceof DecodeResult.Accepted<T>(T event)) return event;
        // The decoder re-encoded this very event: it cannot be refused now.
        throw new IllegalStateException("re-encoded " + input.topic + " event does not decode");
    }
}
