package dev.parallax.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A test JVM started without {@code --enable-native-access} (a plain {@code mvn test} of a user's project on JDK 24+)
 * compresses its batches with the SDK's default codec without the JVM's native-access warning; lz4 there would warn,
 * which is why the default avoids it.
 */
class QuietCompressionTest {

    @Test
    void theDefaultCodecCompressesWithoutAWarningWhereLz4Warns() throws Exception {
        String quiet = run();
        assertTrue(quiet.startsWith("compressed with " + (Runtime.version().feature() < 24 ? "lz4" : "gzip")), quiet);
        assertFalse(quiet.contains("WARNING"), quiet);
        if (Runtime.version().feature() >= 24) {
            String lz4 = run("lz4");
            assertTrue(lz4.contains("WARNING: A restricted method"), "the warning the default avoids: " + lz4);
        }
    }

    @Test
    void aJvmThatAllowsNativeAccessKeepsLz4() {
        // Surefire runs this JVM with --enable-native-access=ALL-UNNAMED (the project's argLine).
        assertEquals("lz4", EventPublisher.defaultCompression());
    }

    /** Compresses one batch in a JVM with no flags but the classpath; its output, standard error included. */
    private static String run(String... codec) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        command.addAll(List.of(codec));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** The child: compresses a batch as Kafka's producer does, with the given codec or the SDK's default. */
    public static final class Probe {
        public static void main(String[] args) throws IOException {
            String codec = args.length > 0 ? args[0] : EventPublisher.defaultCompression();
            ByteBufferOutputStream buffer = new ByteBufferOutputStream(1024);
            try (OutputStream out = Compression.of(CompressionType.forName(codec)).build()
                    .wrapForOutput(buffer, RecordBatch.CURRENT_MAGIC_VALUE)) {
                out.write("inference ".repeat(1000).getBytes(StandardCharsets.UTF_8));
            }
            System.out.println("compressed with " + codec + " to " + buffer.position() + " bytes");
        }
    }
}
