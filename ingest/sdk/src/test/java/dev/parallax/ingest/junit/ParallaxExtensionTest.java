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

/** A user's annotated test class, run through the JUnit Platform, publishes its run and inferences to Kafka. */
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
                    .selectors(selectClass(ExampleRecordedSuite.class), selectClass(ExampleInheritedSuite.class)).build(),
                    summary, reports);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        assertEquals(4, summary.getSummary().getTestsSucceededCount(), summary.getSummary().getFailures().toString());
        assertTrue(reported.stream().anyMatch(r -> r.startsWith("parallax.run=Parallax run ci-run-77: ")), reported.toString());

        try {
            List<InferenceEvent> all = TopicReader.decode(EventCodec.inference(),
                    TopicReader.readAtLeast(broker.bootstrapServers(), Topics.INFERENCE, 6, Duration.ofSeconds(20)));
            assertEquals(6, all.size());
            InferenceEvent inherited = all.stream().filter(e -> e.getModelName().equals("yolov8n")).findFirst().orElseThrow();
            assertEquals(ExampleInheritedSuite.class.getName() + "#recordsWithTheBaseClassesModel", inherited.getTestId());
            assertEquals("detection", inherited.getSuite());
            assertEquals("ci-run-77", inherited.getRunId());
            List<InferenceEvent> inferences = all.stream().filter(e -> e != inherited).toList();
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
            assertEquals("4", totals.get("tests_passed"), totals.toString());
            assertEquals("0", totals.get("tests_failed"));
            assertEquals("6", totals.get("inferences"));
        } finally {
            broker.stop();
        }
    }
}
