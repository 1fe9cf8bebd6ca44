package dev.parallax.codec;

import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.OutputKind;
import dev.parallax.schema.Precision;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import dev.parallax.schema.RunTrigger;
import dev.parallax.schema.Status;
import dev.parallax.schema.TestOutcome;
import dev.parallax.schema.TestResult;
import dev.parallax.schema.Tier;
import java.util.List;
import java.util.Map;

/** Valid events with every field set, for tests to start from and break one field at a time. */
final class Events {

    static final long TIME = 1_763_900_000_123L; // 2025-11-23

    static InferenceEvent inference() {
        return InferenceEvent.newBuilder()
                .setEventId("7c9e6679-7425-40de-944b-e07fc1f90ae7")
                .setEventTime(TIME)
                .setRunId("run-42")
                .setTestId("resnet50-latency")
                .setSuite("vision")
                .setModelName("resnet50")
                .setModelVersion("1.3.0")
                .setPrecision(Precision.INT8)
                .setTier(Tier.EDGE)
                .setDeviceId("pi5-017")
                .setDeviceClass("pi5-hailo8l")
                .setRuntime("hailort")
                .setInputId("imagenet-val-00042")
                .setLatencyMs(12.75)
                .setStatus(Status.OK)
                .setErrorMessage(null)
                .setOutputs(List.of(1.5f, -0.25f, 3.0e-8f, Float.MAX_VALUE))
                .setOutputKind(OutputKind.LOGITS)
                .setPowerW(7.2)
                .setIdlePowerW(2.9)
                .setTemperatureC(71.5)
                .setThrottleFlags(0x50000)
                .setBatchSize(1)
                .setTokensOut(0)
                .setTtftMs(3.5)
                .setMemPeakMb(412.0)
                .setCpuFreqMhz(2400.0)
                .setAttributes(Map.of("git_sha", "5f3c2a1", "cooling", "active-fan"))
                .build();
    }

    static DeviceSample deviceSample() {
        return DeviceSample.newBuilder()
                .setEventId("0b6f3c52-1d2e-4f7a-9c3b-2a1e5d6f7a8b")
                .setEventTime(TIME)
                .setDeviceId("pi5-017")
                .setDeviceClass("pi5-hailo8l")
                .setTier(Tier.EDGE)
                .setTemperatureC(82.5)
                .setPowerW(11.0)
                .setThrottleFlags(0x4)
                .setCpuFreqMhz(1500.0)
                .build();
    }

    static RunEvent run() {
        return RunEvent.newBuilder()
                .setEventId("a3bb189e-8bf9-3888-9912-ace4e6543002")
                .setEventTime(TIME)
                .setRunId("run-42")
                .setPhase(RunPhase.STARTED)
                .setTrigger(RunTrigger.PR)
                .setGitSha("5f3c2a1")
                .setAttributes(Map.of("pr", "1234"))
                .setTests(List.of(
                        TestOutcome.newBuilder().setTestId("resnet50-latency").setDisplayName("resnet50 at INT8")
                                .setOutcome(TestResult.PASSED).setDurationMs(5_250).setInferences(400)
                                .setLatencyP50Ms(12.5).setLatencyP99Ms(19.75).build(),
                        TestOutcome.newBuilder().setTestId("resnet50-cold-start").setDisplayName("[2] pi5, fan off")
                                .setOutcome(TestResult.ABORTED).setDurationMs(3).setInferences(0).build()))
                .build();
    }

    private Events() {
    }
}
