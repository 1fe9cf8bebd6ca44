package dev.parallax.flink;

import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.divergence.OutputSample;
import dev.parallax.streams.records.OutputEvent;
import dev.parallax.streams.records.TestRun;

/**
 * An inference's output vector with its test and run, as the divergence pairing takes it, between Flink
 * operators (a Flink POJO). {@link #key} names the pairing's (model name, input id), length-prefixed so that
 * no two pairs of names make the same key.
 */
public class OutputInput {

    public String key;
    public String eventId;
    public long eventTime;
    public String modelName;
    public String inputId;
    public String precision;
    public String tier;
    public String deviceClass;
    public String outputKind;
    public float[] outputs;
    public String testId;
    public String runId;

    public OutputInput() {
    }

    static OutputInput of(OutputSample sample, TestRun testRun) {
        OutputInput input = new OutputInput();
        input.key = sample.modelName().length() + ":" + sample.modelName() + sample.inputId();
        input.eventId = sample.eventId();
        input.eventTime = sample.eventTime();
        input.modelName = sample.modelName();
        input.inputId = sample.inputId();
        input.precision = sample.precision().name();
        input.tier = sample.tier().name();
        input.deviceClass = sample.deviceClass();
        input.outputKind = sample.outputKind().name();
        input.outputs = sample.outputs();
        input.testId = testRun.testId();
        input.runId = testRun.runId();
        return input;
    }

    OutputSample sample() {
        return new OutputSample(eventId, eventTime, modelName, inputId, Precision.valueOf(precision),
                Tier.valueOf(tier), deviceClass, OutputKind.valueOf(outputKind), outputs);
    }

    OutputEvent event() {
        return new OutputEvent(sample(), new TestRun(testId, runId));
    }
}
