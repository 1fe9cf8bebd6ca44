package dev.parallax.ingest.junit;

import dev.parallax.schema.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A user's test class run in several test JVMs at once by {@link ForkedRunTest}, as Surefire's forks would:
 * {@code example.inferences} inferences each, and every JVM waits at a barrier ({@code example.barrier}, a
 * directory, for {@code example.parties} JVMs) so that they really overlap.
 */
@RecordInferences(model = "resnet50", precision = Precision.FP16, suite = "forked")
class ExampleForkedSuite {

    @Test
    void recordsItsShare(InferenceRecorder recorder) throws Exception {
        int inferences = Integer.getInteger("example.inferences");
        for (int i = 0; i < inferences; i++) {
            recorder.measure("img-" + i, () -> new float[] {1f, 2f});
        }
        Path barrier = Path.of(System.getProperty("example.barrier"));
        Files.createFile(barrier.resolve(String.valueOf(ProcessHandle.current().pid())));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (arrived(barrier) < Integer.getInteger("example.parties") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static long arrived(Path barrier) throws Exception {
        try (Stream<Path> files = Files.list(barrier)) {
            return files.count();
        }
    }
}
