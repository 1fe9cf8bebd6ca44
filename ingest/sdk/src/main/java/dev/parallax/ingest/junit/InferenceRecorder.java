package dev.parallax.ingest.junit;

import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.OutputKind;
import dev.parallax.schema.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Records the inferences of one test method. Every event it publishes carries the run, the test, the model and the
 * device; the caller adds what only it knows.
 */
public final class InferenceRecorder {

    private final RunSession session;
    private final RecordInferences model;
    private final TestExecution execution;
    private final String testId;
    private final String suite;

    InferenceRecorder(RunSession session, RecordInferences model, TestExecution execution, String suite) {
        this.session = session;
        this.model = model;
        this.execution = execution;
        this.testId = execution.testId();
        this.suite = suite;
    }

    /**
     * Runs one inference, timing it, and records it with its logits; an exception is recorded as an ERROR with its
     * message, then rethrown for the test to fail.
     */
    public float[] measure(String inputId, Callable<float[]> inference) throws Exception {
        return measure(inputId, inference, event -> { });
    }

    /**
     * {@link #measure(String, Callable)} with more fields: {@code details} gets the builder after the measured ones
     * are set (temperature, power, device, tier, attributes...) and may change any of them.
     */
    public float[] measure(String inputId, Callable<float[]> inference, Consumer<InferenceEvent.Builder> details)
            throws Exception {
        long started = System.nanoTime();
        float[] logits;
        try {
            logits = inference.call();
        } catch (Exception | Error e) {
            double latencyMs = (System.nanoTime() - started) / 1e6;
            record(b -> details.accept(b.setInputId(inputId).setLatencyMs(latencyMs).setStatus(Status.ERROR)
                    .setErrorMessage(String.valueOf(e))));
            throw e;
        }
        double latencyMs = (System.nanoTime() - started) / 1e6;
        List<Float> outputs = new ArrayList<>(logits.length);
        for (float v : logits) outputs.add(v);
        record(b -> details.accept(b.setInputId(inputId).setLatencyMs(latencyMs).setOutputs(outputs)
                .setOutputKind(OutputKind.LOGITS)));
        return logits;
    }

    /**
     * Records an inference measured by the caller: the builder comes pre-filled (status OK, now, the run, test, model
     * and device); add the rest. Its attributes map is a fresh mutable one: {@code getAttributes().put} works.
     */
    public void record(Consumer<InferenceEvent.Builder> details) {
        InferenceEvent.Builder event = InferenceEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(System.currentTimeMillis())
                .setRunId(session.runId)
                .setTestId(testId)
                .setSuite(suite)
                .setModelName(model.model())
                .setModelVersion(model.modelVersion())
                .setPrecision(model.precision())
                .setTier(session.tier)
                .setDeviceId(session.deviceId)
                .setDeviceClass(session.deviceClass)
                .setRuntime(session.runtime)
                .setStatus(Status.OK)
                .setAttributes(new HashMap<>(Map.of("runner", "junit5")));
        details.accept(event);
        InferenceEvent built = event.build();
        session.publish(built);
        execution.recorded(built);
    }

    public String runId() {
        return session.runId;
    }

    public String testId() {
        return testId;
    }
}
