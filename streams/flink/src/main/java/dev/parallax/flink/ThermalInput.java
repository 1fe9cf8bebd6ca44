package dev.parallax.flink;

import dev.parallax.analytics.throttle.ThermalSample;

/** A thermal sample between Flink operators (a Flink POJO: nullable fields as boxed values), keyed by device. */
public class ThermalInput {

    public String eventId;
    public String deviceId;
    public String deviceClass;
    public long eventTime;
    public Double temperatureC;
    public Integer throttleFlags;
    public String modelName;
    public String testId;
    public Double latencyMs;

    public ThermalInput() {
    }

    static ThermalInput of(ThermalSample sample) {
        ThermalInput input = new ThermalInput();
        input.eventId = sample.eventId();
        input.deviceId = sample.deviceId();
        input.deviceClass = sample.deviceClass();
        input.eventTime = sample.eventTime();
        input.temperatureC = sample.temperatureC();
        input.throttleFlags = sample.throttleFlags();
        input.modelName = sample.modelName();
        input.testId = sample.testId();
        input.latencyMs = sample.latencyMs();
        return input;
    }

    ThermalSample sample() {
        return new ThermalSample(eventId, deviceId, deviceClass, eventTime, temperatureC, throttleFlags, modelName,
                testId, latencyMs);
    }
}
