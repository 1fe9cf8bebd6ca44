package dev.parallax.ingest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.ingest.testing.TopicReader;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Precision;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import dev.parallax.schema.Status;
import dev.parallax.schema.TestOutcome;
import dev.parallax.schema.TestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A user's annotated test classes, run through the JUnit Platform, publish their run, their inferences and their
 * tests' outcomes to Kafka.
 */
class ParallaxExtensionTest {

    @TempDir
    Path tmp;

    @Test
    void recordsTheRunAndEveryInferenceWithItsContext() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build().start();
        Map<String, String> properties = Map.of(
                "parallax.kafka.bootstrap", broker.bootstrapServers(),
                "parallax.publisher.spool.dir", tmp.resolve("spool").toString(),
                "parallax.runner.run.dir", tmp.resolve("run").toString(),
                "parallax.runner.run.id", "ci-run-77",
                "parallax.runner.device.id", "pi5-lab-03",
                "parallax.runner.device.class", "pi5-hailo8l",
                "parallax.runner.tier", "EDGE",
                "parallax.runner.trigger", "PR");
        properties.forEach(System::setProperty);
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        List<String> reported = new CopyOnWriteArrayList<>();
        TestExecutionListener reports = new TestExecutionListener() {
            @Override
            public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                entry.getKeyValuePairs().forEach((key, value) -> reported.add(key + "=" + value));
            }
        };
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(ExampleRecordedSuite.class), selectClass(ExampleInheritedSuite.class),
                            selectClass(ExampleOutcomesSuite.class)).build(),
                    summary, reports);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        assertEquals(5, summary.getSummary().getTestsSucceededCount(), summary.getSummary().getFailures().toString());
        assertEquals(1, summary.getSummary().getTestsFailedCount());
        assertTrue(reported.stream().anyMatch(r -> r.startsWith("parallax.run=Parallax run ci-run-77: ")), reported.toString());
        // The last class to end reports every test of the run (classes run in an order JUnit chooses).
        String outcomesLine = reported.stream().filter(r -> r.contains(" 5 passed, 1 failed, 2 skipped;")).findFirst()
                .orElseThrow(() -> new AssertionError(reported.toString()));
        assertTrue(outcomesLine.startsWith("parallax.run=Parallax run ci-run-77: 5 passed, 1 failed, 2 skipped; 107 inferences"
                + " recorded; "), outcomesLine);
        assertTrue(outcomesLine.matches(".*; latency p50/p99 per test: ExampleOutcomesSuite#recordsKnownLatencies"
                + " (49|50)\\.\\d/(98\\.\\d|99\\.\\d|100) ms, ExampleOutcomesSuite#failsAfterAWhile 75\\.0/75\\.0 ms, .*"),
                outcomesLine);

        try {
            List<InferenceEvent> all = TopicReader.decode(EventCodec.inference(),
                    TopicReader.readAtLeast(broker.bootstrapServers(), Topics.INFERENCE, 107, Duration.ofSeconds(20)));
            assertEquals(107, all.size());
            InferenceEvent inherited = all.stream().filter(e -> e.getModelName().equals("yolov8n")).findFirst().orElseThrow();
            assertEquals(ExampleInheritedSuite.class.getName() + "#recordsWithTheBaseClassesModel", inherited.getTestId());
            assertEquals("detection", inherited.getSuite());
            assertEquals("ci-run-77", inherited.getRunId());
            List<InferenceEvent> inferences = all.stream()
                    .filter(e -> e != inherited && !e.getModelName().equals("resnet50")).toList();
            for (InferenceEvent e : inferences) {
                assertEquals("ci-run-77", e.getRunId());
                assertEquals("golden", e.getSuite());
                assertEquals("mobilenet-v3-small", e.getModelName());
                assertEquals("1.2", e.getModelVersion());
                assertEquals(Precision.INT8, e.getPrecision());
                assertEquals("pi5-lab-03", e.getDeviceId());
                assertEquals("pi5-hailo8l", e.getDeviceClass());
                assertTrue(e.getLatencyMs() >= 0);
            }
            assertEquals(Set.of(ExampleRecordedSuite.class.getName() + "#classifiesTheGoldenSet",
                            ExampleRecordedSuite.class.getName() + "#aCrashingModelIsRecordedAsAnError",
                            ExampleRecordedSuite.OnAColdBoard.class.getName() + "#recordsWithTheEnclosingClassesModel"),
                    inferences.stream().map(InferenceEvent::getTestId).collect(Collectors.toSet()));
            InferenceEvent error = inferences.stream().filter(e -> e.getStatus() == Status.ERROR).findFirst().orElseThrow();
            assertTrue(error.getErrorMessage().contains("HAILO_OUT_OF_PHYSICAL_DEVICES"));
            assertEquals(3, inferences.stream().filter(e -> e.getOutputs() != null && e.getOutputs().size() == 10).count());
            InferenceEvent cold = inferences.stream().filter(e -> e.getInputId().equals("img-cold")).findFirst().orElseThrow();
            assertEquals(4.5, cold.getTemperatureC());
            assertEquals(6.25, cold.getPowerW());
            assertEquals(Map.of("runner", "junit5", "cooling", "none"), Map.copyOf(cold.getAttributes()));

            List<RunEvent> runs = TopicReader.decode(EventCodec.run(),
                    TopicReader.readAtLeast(broker.bootstrapServers(), Topics.RUN, 2, Duration.ofSeconds(20)));
            assertEquals(List.of(RunPhase.STARTED, RunPhase.FINISHED), runs.stream().map(RunEvent::getPhase).toList());
            assertTrue(runs.stream().allMatch(r -> r.getRunId().equals("ci-run-77")));
            Map<String, String> totals = Map.copyOf(runs.getLast().getAttributes());
            assertEquals("5", totals.get("tests_passed"), totals.toString());
            assertEquals("1", totals.get("tests_failed"));
            assertEquals("2", totals.get("tests_skipped"), "aborted and disabled");
            assertEquals("107", totals.get("inferences"));

            assertEquals(List.of(), runs.getFirst().getTests(), "STARTED lists no tests");
            List<TestOutcome> tests = runs.getLast().getTests();
            assertEquals(8, tests.size(), tests.toString());
            String outcomes = ExampleOutcomesSuite.class.getName() + "#";
            assertEquals(Set.of(outcomes + "failsAfterAWhile", outcomes + "abortsOnAnAssumption"),
                    tests.subList(0, 2).stream().map(TestOutcome::getTestId).collect(Collectors.toSet()), "failures first");
            Map<String, TestOutcome> byId = tests.stream().collect(Collectors.toMap(TestOutcome::getTestId, t -> t));

            TestOutcome known = byId.get(outcomes + "recordsKnownLatencies");
            assertEquals(TestResult.PASSED, known.getOutcome());
            assertEquals("100 inferences of known latency", known.getDisplayName());
            assertEquals(100, known.getInferences());
            assertEquals(50, known.getLatencyP50Ms(), 0.5, "p50 within 1 % of exact");
            assertEquals(99, known.getLatencyP99Ms(), 0.99, "p99 within 1 % of exact");

            TestOutcome failed = byId.get(outcomes + "failsAfterAWhile");
            assertEquals(TestResult.FAILED, failed.getOutcome());
            assertTrue(failed.getDurationMs() >= 60 && failed.getDurationMs() < 10_000, failed.toString());
            assertEquals(1, failed.getInferences());
            assertEquals(75, failed.getLatencyP99Ms(), 1e-9);

            TestOutcome aborted = byId.get(outcomes + "abortsOnAnAssumption");
            assertEquals(TestResult.ABORTED, aborted.getOutcome());
            assertEquals(0, aborted.getInferences());
            assertEquals(null, aborted.getLatencyP50Ms());
            TestOutcome disabled = byId.get(outcomes + "isDisabled");
            assertEquals(TestResult.SKIPPED, disabled.getOutcome());
            assertEquals(0, disabled.getDurationMs());

            TestOutcome golden = byId.get(ExampleRecordedSuite.class.getName() + "#classifiesTheGoldenSet");
            assertEquals(TestResult.PASSED, golden.getOutcome());
            assertEquals(3, golden.getInferences());
            assertTrue(golden.getLatencyP50Ms() <= golden.getLatencyP99Ms(), golden.toString());
            TestOutcome crashing = byId.get(ExampleRecordedSuite.class.getName() + "#aCrashingModelIsRecordedAsAnError");
            assertEquals(1, crashing.getInferences());
            assertEquals(null, crashing.getLatencyP99Ms(), "an ERROR inference has no latency percentile");
        } finally {
            broker.stop();
        }
    }
}
