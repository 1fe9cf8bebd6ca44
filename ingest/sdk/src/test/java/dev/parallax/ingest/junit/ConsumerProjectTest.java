package dev.parallax.ingest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Topics;
import dev.parallax.ingest.testing.TopicReader;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's Maven project on JDK 17 (test fixture {@code consumer-project}: three test classes of 100 inferences
 * each) uses the SDK as installed, its version from the BOM, with Surefire's {@code forkCount=2} and
 * {@code reuseForks=false}. Its first build
 * runs while Kafka is down, with {@code runner.fail.on.undelivered=true}: the build fails and the events wait in
 * the spool. The second runs with Kafka up: every event of both builds arrives once, and each build is one run.
 *
 * <p>The SDK is "installed" into a local repository of the test's own (this build's classes as jars, the POMs as
 * they are), which reads everything else from {@code ~/.m2/repository} as a remote: the user's repository is only
 * read. Maven is the machine's {@code mvn}, run on {@code $PARALLAX_JDK17}.
 */
class ConsumerProjectTest {

    private static final Path JDK17 = Path.of(System.getenv().getOrDefault("PARALLAX_JDK17",
            "/usr/lib/jvm/java-17-openjdk-amd64"));
    private static final Path CHECKOUT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("../..").normalize();
    private static final int TESTS = 3;
    private static final int PER_BUILD = TESTS * 100;

    @TempDir
    Path tmp;

    @Test
    void forkedBuildsWithKafkaDownThenUpDeliverEveryEventOnceAsOneRunEach() throws Exception {
        Path project = copyProject();
        Path settings = installSdk();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka")).topics(ParallaxTopics.all(3)).build();

        Path down = tmp.resolve("build-down.log");
        int failed = mvn(project, settings, down, broker.bootstrapServers(), "-Dparallax.runner.fail.on.undelivered=true");
        assertNotEquals(0, failed, "Kafka down and fail.on.undelivered: the build fails\n" + Files.readString(down));
        assertTrue(Files.readString(down).contains("events could not be delivered to Kafka at " + broker.bootstrapServers()),
                Files.readString(down));

        broker.start();
        try {
            Path up = tmp.resolve("build-up.log");
            assertEquals(0, mvn(project, settings, up, broker.bootstrapServers()), Files.readString(up));
            String output = Files.readString(up);
            // The warnings every run printed before (issue 18); Kafka's own may appear on a loaded machine.
            for (String noise : List.of("CloseableResource", "SLF4J", "restricted method")) {
                assertTrue(!output.contains(noise), "a plain build with Kafka up is quiet, but says " + noise + ":\n" + output);
            }
            assertTrue(output.contains("INFO: Parallax run junit-"), "the run id is in the build's output:\n" + output);

            int expected = 2 * PER_BUILD;
            List<InferenceEvent> inferences = TopicReader.decode(EventCodec.inference(), TopicReader.readUntil(
                    broker.bootstrapServers(), Topics.INFERENCE, Duration.ofSeconds(30), read -> read.size() >= expected));
            // A little longer, for a duplicate to show.
            inferences = TopicReader.decode(EventCodec.inference(), TopicReader.readUntil(
                    broker.bootstrapServers(), Topics.INFERENCE, Duration.ofSeconds(3), read -> read.size() > expected));
            assertEquals(expected, inferences.size());
            assertEquals(expected, inferences.stream().map(InferenceEvent::getEventId).distinct().count());
            Map<String, Long> perRun = inferences.stream()
                    .collect(Collectors.groupingBy(InferenceEvent::getRunId, Collectors.counting()));
            assertEquals(List.of((long) PER_BUILD, (long) PER_BUILD), List.copyOf(perRun.values()), "one run per build: " + perRun);

            List<RunEvent> runs = TopicReader.decode(EventCodec.run(), TopicReader.readUntil(
                    broker.bootstrapServers(), Topics.RUN, Duration.ofSeconds(5), read -> false));
            for (String runId : perRun.keySet()) {
                List<RunEvent> events = runs.stream().filter(r -> r.getRunId().equals(runId))
                        .sorted(Comparator.comparingLong(RunEvent::getEventTime)).toList();
                assertEquals(1, events.stream().filter(r -> r.getPhase() == RunPhase.STARTED).count(), events.toString());
                assertEquals(RunPhase.FINISHED, events.get(events.size() - 1).getPhase(), events.toString());
                // Forks that ran one after the other each restated the run's one FINISHED: one event id, one time.
                assertEquals(1, events.stream().filter(r -> r.getPhase() == RunPhase.FINISHED)
                        .map(r -> r.getEventId() + "@" + r.getEventTime()).distinct().count(), events.toString());
                // The fullest statement is the run's, as the runs table keeps it (version = test_jvms): two JVMs'
                // producers may deliver their statements in either order, so the topic's last need not be it.
                RunEvent end = events.stream().filter(r -> r.getPhase() == RunPhase.FINISHED)
                        .max(Comparator.comparingInt(r -> Integer.parseInt(r.getAttributes().get("test_jvms"))))
                        .orElseThrow();
                assertEquals(String.valueOf(TESTS), end.getAttributes().get("test_jvms"), "a JVM per test class: " + end);
                assertEquals(String.valueOf(TESTS), end.getAttributes().get("tests_passed"), end.toString());
                assertEquals(String.valueOf(PER_BUILD), end.getAttributes().get("inferences"), end.toString());
                assertEquals(Collections.nCopies(TESTS, "PASSED 100"), end.getTests().stream()
                        .map(t -> t.getOutcome() + " " + t.getInferences()).toList(), "every fork's tests: " + end);
            }
        } finally {
            broker.stop();
        }
    }

    private Path copyProject() throws Exception {
        Path source = Path.of(ConsumerProjectTest.class.getResource("/consumer-project").toURI());
        Path project = tmp.resolve("project");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = project.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.writeString(target, Files.readString(file).replace("@parallax.version@", version()));
            }
        }
        return project;
    }

    /** A local repository holding this build's SDK, schemas and runtime, reading the rest from ~/.m2. */
    private Path installSdk() throws IOException {
        Path repository = tmp.resolve("repository");
        install(repository, "parallax", CHECKOUT, null);
        install(repository, "parallax-infra", CHECKOUT.resolve("infra"), null);
        install(repository, "parallax-ingest", CHECKOUT.resolve("ingest"), null);
        install(repository, "parallax-runtime", CHECKOUT.resolve("infra/runtime"), ParallaxConfig.class);
        install(repository, "parallax-schemas", CHECKOUT.resolve("schemas"), EventCodec.class);
        install(repository, "parallax-ingest-sdk", CHECKOUT.resolve("ingest/sdk"), RecordInferences.class);
        // The BOM has no parent, so its version is its own: it must be the build's.
        assertTrue(Files.readString(CHECKOUT.resolve("bom/pom.xml")).contains("<artifactId>parallax-bom</artifactId>\n  <version>"
                + version() + "</version>"), "bom/pom.xml's version is the project's, " + version());
        install(repository, "parallax-bom", CHECKOUT.resolve("bom"), null);
        String userRepository = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
        String remote = "<id>central</id><url>" + userRepository + "</url>"
                + "<releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>";
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>" + repository + "</localRepository>"
                + "<profiles><profile><id>user-repository</id>"
                + "<repositories><repository>" + remote + "</repository></repositories>"
                + "<pluginRepositories><pluginRepository>" + remote + "</pluginRepository></pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>user-repository</activeProfile></activeProfiles>"
                + "</settings>");
        return settings;
    }

    /** The module's POM, and when it has code, the jar of the classes {@code codeOf} was loaded from. */
    private static void install(Path repository, String artifactId, Path module, Class<?> codeOf) throws IOException {
        String version = version();
        Path dir = Files.createDirectories(repository.resolve("dev/parallax").resolve(artifactId).resolve(version));
        Files.copy(module.resolve("pom.xml"), dir.resolve(artifactId + "-" + version + ".pom"));
        if (codeOf == null) return;
        Path classes = Path.of(codeOf.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path target = dir.resolve(artifactId + "-" + version + ".jar");
        if (Files.isRegularFile(classes)) {
            // Under `mvn verify` (./parallax test) the reactor hands over the module's packaged jar, not its classes.
            Files.copy(classes, target);
            return;
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(target));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) jar);
                jar.closeEntry();
            }
        }
    }

    private static String version() throws IOException {
        Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(CHECKOUT.resolve("ingest/sdk/pom.xml")));
        assertTrue(parent.find(), "the SDK's pom names its parent's version");
        return parent.group(1);
    }

    private static int mvn(Path project, Path settings, Path log, String bootstrap, String... properties)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-s", settings.toString(), "test",
                "-Dparallax.kafka.bootstrap=" + bootstrap,
                "-Dparallax.home=" + project.resolve("parallax-home"),
                "-Dparallax.publisher.spool.dir=" + project.resolve("spool")));
        command.addAll(List.of(properties));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("MAVEN_OPTS"); // this build's JDK 25 flags; JDK 17 refuses them
        builder.environment().put("JAVA_HOME", JDK17.toString());
        builder.environment().put("PATH", JDK17.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
