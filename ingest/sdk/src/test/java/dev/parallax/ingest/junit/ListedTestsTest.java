package dev.parallax.ingest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.Limits;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Status;
import dev.parallax.schema.TestOutcome;
import dev.parallax.schema.TestResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pure parts of per-test outcomes: a test's latency percentiles, the bounded list, the summary's part. */
class ListedTestsTest {

    static TestOutcome outcome(String id, TestResult result, Double p50, Double p99) {
        return TestOutcome.newBuilder().setTestId(id).setDisplayName(id).setOutcome(result).setDurationMs(1)
                .setInferences(p50 == null ? 0 : 1).setLatencyP50Ms(p50).setLatencyP99Ms(p99).build();
    }

    static InferenceEvent inference(Status status, Double latencyMs) {
        return InferenceEvent.newBuilder().setEventId("7c9e6679-7425-40de-944b-e07fc1f90ae7").setEventTime(1L)
                .setRunId("r").setTestId("t").setModelName("m").setModelVersion("1")
                .setPrecision(dev.parallax.schema.Precision.FP32).setTier(dev.parallax.schema.Tier.CLOUD)
                .setDeviceId("d").setDeviceClass("c").setRuntime("jvm").setStatus(status).setLatencyMs(latencyMs)
                .build();
    }

    @Test
    void aTestsPercentilesAreWithinOnePercentOfExactOverItsOkInferences() {
        TestExecution execution = new TestExecution("Golden#int8", "int8()", 1_000_000_000L);
        Random random = new Random(7);
        double[] latencies = new double[20_000];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = 2 + Math.exp(random.nextGaussian()); // a long right tail, as inference latencies have
            execution.recorded(inference(Status.OK, latencies[i]));
        }
        execution.recorded(inference(Status.ERROR, 10_000.0)); // counted, not a latency
        execution.recorded(inference(Status.TIMEOUT, null));
        TestOutcome outcome = execution.ended(TestResult.PASSED, 3_500_000_000L);

        java.util.Arrays.sort(latencies);
        double exactP50 = latencies[(int) Math.ceil(0.5 * latencies.length) - 1];
        double exactP99 = latencies[(int) Math.ceil(0.99 * latencies.length) - 1];
        assertEquals(exactP50, outcome.getLatencyP50Ms(), exactP50 * 0.01);
        assertEquals(exactP99, outcome.getLatencyP99Ms(), exactP99 * 0.01);
        assertEquals(20_002, outcome.getInferences());
        assertEquals(2_500, outcome.getDurationMs());
        assertEquals(TestResult.PASSED, outcome.getOutcome());
    }

    @Test
    void aSingleLatencyIsItsOwnPercentileAndNoneLeavesThemOut() {
        TestExecution one = new TestExecution("T#one", "one()", 0);
        one.recorded(inference(Status.OK, 4.2));
        TestOutcome outcome = one.ended(TestResult.PASSED, 0);
        assertEquals(4.2, outcome.getLatencyP50Ms(), 1e-12, "bounded by the exact extremes");
        assertEquals(4.2, outcome.getLatencyP99Ms(), 1e-12);

        TestOutcome none = new TestExecution("T#none", "none()", 0).ended(TestResult.SKIPPED, 0);
        assertEquals(null, none.getLatencyP50Ms());
        assertEquals(0, none.getInferences());
    }

    @Test
    void overLongNamesAreCutToTheContractsLimitAtACharacterBoundary() {
        String name = "Test#" + "ü".repeat(200) + "😀".repeat(10);
        String cut = TestExecution.truncated(name);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= Limits.MAX_NAME_BYTES, cut);
        assertTrue(cut.endsWith("…") && name.startsWith(cut.substring(0, cut.length() - 1)), cut);
        assertEquals("Golden#int8", TestExecution.truncated("Golden#int8"));
    }

    @Test
    void aFullListMakesRoomForFailuresAndListsThemFirst() {
        ListedTests listed = new ListedTests(3);
        listed.add(outcome("a", TestResult.PASSED, null, null));
        listed.add(outcome("b", TestResult.SKIPPED, null, null));
        listed.add(outcome("c", TestResult.PASSED, null, null));
        listed.add(outcome("d", TestResult.PASSED, null, null)); // full: a passed test is not listed
        listed.add(outcome("e", TestResult.FAILED, null, null)); // takes the place of the latest passed or skipped
        listed.add(outcome("f", TestResult.ABORTED, null, null));
        listed.add(outcome("g", TestResult.FAILED, null, null));
        listed.add(outcome("h", TestResult.FAILED, null, null)); // only failures listed: no room
        assertEquals(List.of("e", "f", "g"), listed.list().stream().map(TestOutcome::getTestId).toList());

        ListedTests some = new ListedTests(3);
        some.addAll(List.of(outcome("a", TestResult.PASSED, null, null), outcome("b", TestResult.FAILED, null, null)));
        assertEquals(List.of("b", "a"), some.list().stream().map(TestOutcome::getTestId).toList());
    }

    @Test
    void theSummaryShowsTheSlowestTestsByP99() {
        ListedTests listed = new ListedTests();
        IntStream.range(0, 7).forEach(i -> listed.add(
                outcome("com.example.Golden#t" + i, TestResult.PASSED, 1.0 + i, 2.0 + 10 * i)));
        listed.add(outcome("com.example.Golden#noInferences", TestResult.PASSED, null, null));
        listed.add(outcome("com.example.Golden$Cold#tiny", TestResult.FAILED, 0.01234, 0.5));
        assertEquals("latency p50/p99 per test: Golden#t6 7.00/62.0 ms, Golden#t5 6.00/52.0 ms, Golden#t4 5.00/42.0 ms"
                + " (+5 more)", listed.latencySummary(3));
        assertEquals("", new ListedTests().latencySummary(3));
        assertEquals("0.0123", ListedTests.millis(0.01234));
        assertEquals("1830", ListedTests.millis(1830.4));
        assertEquals("Golden$Cold#tiny", ListedTests.shortName("com.example.Golden$Cold#tiny"));
        assertEquals("Golden", ListedTests.shortName("com.example.Golden"));
    }
}
