package dev.parallax.streams.records;

import dev.parallax.analytics.InferenceStatus;
import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.divergence.OutputSample;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Status;
import java.util.List;
import java.util.Optional;

/**
 * The contract's events (SPEC §2) as the engine-free operators' inputs. Both stream engines map events here,
 * so a field is interpreted one way only.
 */
public final class OperatorInputs {

    private OperatorInputs() {
    }

    /** The latency key and observation of an inference (SPEC §3); an error has no latency. */
    public static LatencyObservation latency(InferenceEvent event) {
        LatencyKey key = new LatencyKey(event.getTestId(), event.getModelName(), event.getModelVersion(),
                Precision.valueOf(event.getPrecision().name()), Tier.valueOf(event.getTier().name()),
                event.getDeviceClass());
        InferenceStatus status = InferenceStatus.valueOf(event.getStatus().name());
        Double latency = event.getLatencyMs();
        return new LatencyObservation(event.getEventTime(), key, status, latency == null ? Double.NaN : latency);
    }

    /**
     * An inference as a thermal reading of its device (SPEC §4). Every inference is one, with or without a
     * temperature: it counts as affected when inside an episode and feeds the latency baseline; a failed
     * inference has no latency.
     */
    public static ThermalSample thermal(InferenceEvent event) {
        Double latency = event.getStatus() == Status.OK ? event.getLatencyMs() : null;
        return ThermalSample.inference(event.getEventId(), event.getDeviceId(), event.getDeviceClass(),
                event.getEventTime(), event.getTemperatureC(), event.getThrottleFlags(), event.getModelName(),
                event.getTestId(), latency);
    }

    /** A device's periodic telemetry as a thermal reading (SPEC §4). */
    public static ThermalSample thermal(DeviceSample sample) {
        return ThermalSample.telemetry(sample.getEventId(), sample.getDeviceId(), sample.getDeviceClass(),
                sample.getEventTime(), sample.getTemperatureC(), sample.getThrottleFlags());
    }

    /**
     * The output vector of an inference for divergence (SPEC §5); empty when the event takes no part (no
     * outputs or no input id). Empty or non-finite outputs are kept: the pairing turns them into dead letters.
     */
    public static Optional<OutputSample> output(InferenceEvent event) {
        List<Float> outputs = event.getOutputs();
        if (outputs == null || event.getInputId() == null) {
            return Optional.empty();
        }
        float[] values = new float[outputs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = outputs.get(i);
        }
        // The decoder requires output_kind whenever outputs are present.
        return Optional.of(new OutputSample(event.getEventId(), event.getEventTime(), event.getModelName(),
                event.getInputId(), Precision.valueOf(event.getPrecision().name()),
                Tier.valueOf(event.getTier().name()), event.getDeviceClass(),
                OutputKind.valueOf(event.getOutputKind().name()), values));
    }

    /** The test and run an inference belongs to, which its divergence pair row names. */
    public static TestRun testRun(InferenceEvent event) {
        return new TestRun(event.getTestId(), event.getRunId());
    }
}
