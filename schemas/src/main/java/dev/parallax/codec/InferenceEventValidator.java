package dev.parallax.codec;

import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Status;

/**
 * Rules for {@link InferenceEvent}. Non-finite values <em>inside</em> {@code outputs} are accepted on purpose:
 * a quantized model that produces NaN is a finding the divergence job reports (SPEC section 5), and rejecting
 * the whole event would also throw away its latency.
 */
final class InferenceEventValidator implements EventValidator<InferenceEvent> {

    @Override
    public void validate(InferenceEvent e, Limits limits, Violations v) {
        v.requireUuid("event_id", e.getEventId());
        v.requireEpochMillis("event_time", e.getEventTime());
        v.requireText("run_id", e.getRunId());
        v.requireText("test_id", e.getTestId());
        v.requireText("model_name", e.getModelName());
        v.requireText("model_version", e.getModelVersion());
        v.requirePresent("precision", e.getPrecision());
        v.requirePresent("tier", e.getTier());
        v.requireText("device_id", e.getDeviceId());
        v.requireText("device_class", e.getDeviceClass());
        v.requireText("runtime", e.getRuntime());
        v.requirePresent("status", e.getStatus());
        int name = Limits.MAX_NAME_BYTES;
        v.maxBytes("run_id", e.getRunId(), name);
        v.maxBytes("test_id", e.getTestId(), name);
        v.maxBytes("suite", e.getSuite(), name);
        v.maxBytes("model_name", e.getModelName(), name);
        v.maxBytes("model_version", e.getModelVersion(), name);
        v.maxBytes("device_id", e.getDeviceId(), name);
        v.maxBytes("device_class", e.getDeviceClass(), name);
        v.maxBytes("runtime", e.getRuntime(), name);
        v.maxBytes("input_id", e.getInputId(), name);
        v.maxBytes("error_message", e.getErrorMessage(), Limits.MAX_ERROR_MESSAGE_BYTES);
        v.attributes(e.getAttributes());

        if (e.getLatencyMs() == null && e.getStatus() == Status.OK) {
            v.add("latency_ms is required when status is OK");
        }
        v.finiteNonNegative("latency_ms", e.getLatencyMs());

        if (e.getOutputs() != null) {
            if (e.getOutputs().size() > limits.maxOutputs()) {
                v.add("outputs has %d values; at most %d allowed".formatted(e.getOutputs().size(), limits.maxOutputs()));
            }
            if (e.getOutputKind() == null) {
                v.add("output_kind is required when outputs are present");
            }
        }

        v.finiteNonNegative("power_w", e.getPowerW());
        v.finiteNonNegative("idle_power_w", e.getIdlePowerW());
        v.finite("temperature_c", e.getTemperatureC());
        v.atLeast("throttle_flags", e.getThrottleFlags(), 0);
        v.atLeast("batch_size", e.getBatchSize(), 1);
        v.atLeast("tokens_out", e.getTokensOut(), 0);
        v.finiteNonNegative("ttft_ms", e.getTtftMs());
        v.finiteNonNegative("mem_peak_mb", e.getMemPeakMb());
        v.finiteNonNegative("cpu_freq_mhz", e.getCpuFreqMhz());
    }
}
