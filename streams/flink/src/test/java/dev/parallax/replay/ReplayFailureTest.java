package dev.parallax.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.flink.AnalyticsJob;
import dev.parallax.flink.JobSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay's Flink job that fails, on a real local Flink cluster with the replay's settings (no restarts): the
 * progress loop ends, the failure reaches the caller, and the line printed for it is the innermost cause.
 */
class ReplayFailureTest {

    @Test
    void aFailedJobEndsTheProgressLoopWithItsCause(@TempDir Path dir) throws Exception {
        JobSettings settings = JobSettings.from(ParallaxConfig.of(Map.of(ParallaxConfig.HOME, dir.toString())))
                .toBuilder().checkpointInterval(Duration.ofSeconds(1)).restartAttempts(0).build();
        StreamExecutionEnvironment env = AnalyticsJob.environment(settings);
        // Endless without the failure: only the failure can end this job.
        env.fromSequence(0, Long.MAX_VALUE).map(new FailsAfter(Duration.ofSeconds(1))).returns(Types.LONG)
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("replay-failure-test");

        ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(drawn, true, StandardCharsets.UTF_8), true, 1_000_000);
        AtomicInteger samples = new AtomicInteger();
        long start = System.nanoTime();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> Replay.await(job,
                () -> (long) samples.incrementAndGet(), bar, Duration.ofMillis(50)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "the loop ended " + took + " after the start");
        assertTrue(samples.get() > 0, "progress was drawn while the job ran");
        assertTrue(job.getJobExecutionResult().isCompletedExceptionally());
        assertEquals("cannot write the shadow tables: connection refused, attempt 0 (IllegalStateException)",
                ReplayMain.cause(failure), "the first attempt's failure ends the job: no restart");
        String output = drawn.toString(StandardCharsets.UTF_8);
        assertTrue(output.endsWith(System.lineSeparator()), "the bar's line is ended before the failure is printed");
    }

    @Test
    void theCauseIsTheInnermostMessageOrItsClass() {
        Exception wrapped = new ExecutionException(new RuntimeException("Job execution failed.",
                new IllegalStateException("disk full")));
        assertEquals("disk full (IllegalStateException)", ReplayMain.cause(wrapped));
        assertEquals("java.lang.NullPointerException", ReplayMain.cause(new RuntimeException("outer",
                new NullPointerException())));
    }

    /** Fails once it has run for {@code after} (long enough to be drawn), saying which attempt of the task it was. */
    static final class FailsAfter extends RichMapFunction<Long, Long> {
        private final long afterNanos;
        private transient long firstNanos;

        FailsAfter(Duration after) {
            this.afterNanos = after.toNanos();
        }

        @Override
        public Long map(Long n) {
            long now = System.nanoTime();
            if (firstNanos == 0) firstNanos = now;
            if (now - firstNanos >= afterNanos) {
                throw new IllegalStateException("cannot write the shadow tables: connection refused, attempt "
                        + getRuntimeContext().getTaskInfo().getAttemptNumber());
            }
            return n;
        }
    }
}
