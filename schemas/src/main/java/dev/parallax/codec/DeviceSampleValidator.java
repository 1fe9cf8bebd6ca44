package dev.parallax.codec;

import dev.parallax.schema.DeviceSample;

/** Rules for {@link DeviceSample}. */
final class DeviceSampleValidator implements EventValidator<DeviceSample> {

    @Override
    public void validate(DeviceSample e, Limits limits, Violations v) {
        v.requireUuid("event_id", e.getEventId());
        v.requireEpochMillis("event_time", e.getEventTime());
        v.requireText("device_id", e.getDeviceId());
        v.requireText("device_class", e.getDeviceClass());
        v.requirePresent("tier", e.getTier());
        v.maxBytes("device_id", e.getDeviceId(), Limits.MAX_NAME_BYTES);
        v.maxBytes("device_class", e.getDeviceClass(), Limits.MAX_NAME_BYTES);
        v.finite("temperature_c", e.getTemperatureC());
        v.finiteNonNegative("power_w", e.getPowerW());
        v.atLeast("throttle_flags", e.getThrottleFlags(), 0);
        v.finiteNonNegative("cpu_freq_mhz", e.getCpuFreqMhz());
    }
}
