package dev.parallax.ingest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Topics;
import dev.parallax.ingest.testing.TopicReader;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's test project on JDK 17: javac 17 compiles a test class against the SDK, schemas and runtime classes of
 * this build, java 17 runs it through the JUnit Platform, and its events reach Kafka. The JDK is
 * {@code $PARALLAX_JDK17} (the parallax script installs Debian's openjdk-17-jdk-headless when there is none).
 */
class Jdk17ConsumerTest {

    private static final Path JDK17 = Path.of(System.getenv().getOrDefault("PARALLAX_JDK17",
            "/usr/lib/jvm/java-17-openjdk-amd64"));

    @TempDir
    Path tmp;

    @Test
    void theSdkAndWhatItNeedsAreJava17Bytecode() throws IOException {
        for (Class<?> type : List.of(RecordInferences.class, ParallaxConfig.class, EventCodec.class, InferenceEvent.class)) {
            assertEquals(61, classFileMajor(type), type + " is Java 17 bytecode (class file 61)");
        }
    }

    @Test
    void aTestOnJdk17RecordsToKafka() throws Exception {
        assertTrue(Files.isExecutable(JDK17.resolve("bin/javac")), "no JDK 17 at " + JDK17
                + ": install openjdk-17-jdk-headless (./parallax does) or set PARALLAX_JDK17");
        String classpath = sdkClasspath();
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        List<String> compile = new ArrayList<>(List.of(JDK17.resolve("bin/javac").toString(), "-d", classes.toString(),
                "-cp", classpath));
        for (String source : List.of("RecordedBase.java", "GoldenSetTest.java", "RunTests.java")) {
            Path file = tmp.resolve(source);
            try (InputStream in = Jdk17ConsumerTest.class.getResourceAsStream("/jdk17-consumer/" + source)) {
                Files.copy(in, file);
            }
            compile.add(file.toString());
        }
        assertEquals(0, run(compile, tmp.resolve("javac.log")), Files.readString(tmp.resolve("javac.log")));

        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build().start();
        try {
            Path log = tmp.resolve("java.log");
            int exit = run(List.of(JDK17.resolve("bin/java").toString(), "-Xmx128m",
                    "-Dparallax.home=" + tmp.resolve("home"),
                    "-Dparallax.kafka.bootstrap=" + broker.bootstrapServers(),
                    "-Dparallax.publisher.spool.dir=" + tmp.resolve("spool"),
                    "-Dparallax.runner.run.dir=" + tmp.resolve("run"),
                    // Under load a first metadata fetch can take seconds; this test is about JDK 17, not outages.
                    "-Dparallax.publisher.max.block.ms=15000",
                    "-cp", classes + File.pathSeparator + classpath, "RunTests"), log);
            assertEquals(0, exit, Files.readString(log));
            assertTrue(Files.readString(log).contains("java 17: succeeded=2"), Files.readString(log));

            List<InferenceEvent> inferences = TopicReader.decode(EventCodec.inference(),
                    TopicReader.readAtLeast(broker.bootstrapServers(), Topics.INFERENCE, 2, Duration.ofSeconds(20)));
            assertEquals(Set.of("img-0", "img-1"), inferences.stream().map(InferenceEvent::getInputId).collect(Collectors.toSet()),
                    Files.readString(log));
            assertTrue(inferences.stream().allMatch(e -> e.getModelName().equals("tiny-classifier")));
            List<RunEvent> runs = TopicReader.decode(EventCodec.run(),
                    TopicReader.readAtLeast(broker.bootstrapServers(), Topics.RUN, 2, Duration.ofSeconds(20)));
            assertEquals(2, runs.size());
        } finally {
            broker.stop();
        }
    }

    /**
     * This build's SDK, schemas and runtime classes, and the libraries they use: the jars of this test's classpath
     * (the other modules' classes, Java 25 bytecode, are left out).
     */
    private static String sdkClasspath() {
        Stream<String> ours = Stream.of(RecordInferences.class, ParallaxConfig.class, EventCodec.class)
                .map(type -> Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        Stream<String> libraries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"));
        return Stream.concat(ours, libraries).distinct().collect(Collectors.joining(File.pathSeparator));
    }

    private static int classFileMajor(Class<?> type) throws IOException {
        try (DataInputStream in = new DataInputStream(type.getResourceAsStream(type.getSimpleName() + ".class"))) {
            in.readInt(); // magic
            in.readUnsignedShort(); // minor
            return in.readUnsignedShort();
        }
    }

    private static int run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
