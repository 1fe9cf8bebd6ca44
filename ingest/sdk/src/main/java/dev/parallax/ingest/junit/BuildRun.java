package dev.parallax.ingest.junit;

import dev.parallax.schema.TestOutcome;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The run of one build, shared by every test JVM the build forks. The rule: the first JVM of a build to open the
 * run publishes STARTED; the JVM that closes it while no other JVM of the build has it open publishes FINISHED,
 * with the totals every JVM added. All JVMs of the build use one run id.
 *
 * <p>The state lives in a directory of the project's build output (by default {@code target/parallax-run}): the file
 * {@code run.properties} (build, run id, totals) and the file {@code tests.avro} (each JVM's listed test outcomes,
 * appended as it leaves), changed under the lock of {@code run.lock}, and one locked
 * {@code member-*} file per JVM that has the run open. A member's lock goes with its process, however it ends, so
 * a killed fork does not keep the run open. A JVM of the same build that opens the run after it finished (forks one
 * after the other: {@code forkCount=1}, {@code reuseForks=false}) continues it, publishing no second STARTED.
 *
 * <p>No JVM can know whether the build will fork another after it, so the run's FINISHED is one fact that each
 * last-out JVM states anew, with the totals so far: the first fixes its event id and time (kept in
 * {@code run.properties}) and later ones reuse them. The {@code runs} table is keyed so that a rewrite of the same
 * fact replaces it (SPEC §11), versioned by the attribute {@code test_jvms}, so it holds one FINISHED per run: the
 * fullest statement of it, in whatever order the JVMs' statements arrive.
 */
final class BuildRun {

    /** Serialises this JVM's own sessions: a file lock is held per JVM, not per thread. */
    private static final Object IN_JVM = new Object();
    private static final String TOTAL = "total.";
    private static final String TESTS = "tests.avro";
    private static final String FINISHED_ID = "finished.event.id";
    private static final String FINISHED_AT = "finished.event.time";
    /** Member files of this JVM's sessions: never opened a second time (closing that would drop the JVM's lock). */
    private static final Set<Path> MEMBERS_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final String runId;
    private final boolean started;
    private final FileChannel member;
    private final Path memberFile;

    private BuildRun(Path dir, String runId, boolean started, FileChannel member, Path memberFile) {
        this.dir = dir;
        this.runId = runId;
        this.started = started;
        this.member = member;
        this.memberFile = memberFile;
    }

    /**
     * Joins the run of {@code build}, or starts one with the id {@code newRunId} when the directory holds another
     * build's run (or none).
     */
    static BuildRun join(Path dir, String build, String newRunId) {
        return underLock(dir, () -> {
            Properties state = read(dir);
            boolean sameBuild = build.equals(state.getProperty("build"));
            if (!sameBuild) {
                state.clear();
                state.setProperty("build", build);
                state.setProperty("run.id", newRunId);
                write(dir, state);
                Files.deleteIfExists(dir.resolve(TESTS));
            }
            Path memberFile = dir.resolve("member-" + UUID.randomUUID());
            FileChannel member = FileChannel.open(memberFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            member.lock();
            MEMBERS_HERE.add(memberFile);
            return new BuildRun(dir, state.getProperty("run.id"), !sameBuild, member, memberFile);
        });
    }

    String runId() {
        return runId;
    }

    /** True for the JVM that started the run: it publishes STARTED. */
    boolean started() {
        return started;
    }

    /**
     * What the JVM that ends a run publishes in its FINISHED: the totals and test outcomes of all its JVMs so far,
     * under the event id and time of the run's first FINISHED, so that a later one replaces it.
     */
    record Finished(String eventId, long eventTime, Map<String, Long> totals, List<TestOutcome> tests) {
    }

    /**
     * Leaves the run, adding this JVM's totals and test outcomes to the run's.
     *
     * @return the run's totals and listed tests when no other JVM has the run open (this one publishes FINISHED),
     *         else empty
     */
    Optional<Finished> leave(Map<String, Long> totals, List<TestOutcome> tests) {
        return underLock(dir, () -> {
            Properties state = read(dir);
            totals.forEach((key, value) -> state.setProperty(TOTAL + key,
                    String.valueOf(Long.parseLong(state.getProperty(TOTAL + key, "0")) + value)));
            write(dir, state);
            append(dir.resolve(TESTS), tests);
            member.close();
            Files.deleteIfExists(memberFile);
            MEMBERS_HERE.remove(memberFile);
            if (othersOpen()) return Optional.empty();
            if (state.getProperty(FINISHED_ID) == null) {
                state.setProperty(FINISHED_ID, UUID.randomUUID().toString());
                state.setProperty(FINISHED_AT, String.valueOf(System.currentTimeMillis()));
                write(dir, state);
            }
            Map<String, Long> run = new TreeMap<>();
            state.stringPropertyNames().stream().filter(k -> k.startsWith(TOTAL))
                    .forEach(k -> run.put(k.substring(TOTAL.length()), Long.parseLong(state.getProperty(k))));
            ListedTests listed = new ListedTests();
            listed.addAll(readTests(dir.resolve(TESTS)));
            return Optional.of(new Finished(state.getProperty(FINISHED_ID), Long.parseLong(state.getProperty(FINISHED_AT)),
                    run, listed.list()));
        });
    }

    /** Avro binary records one after the other; the lock makes each JVM's batch whole. */
    private static void append(Path file, List<TestOutcome> tests) throws IOException {
        if (tests.isEmpty()) return;
        SpecificDatumWriter<TestOutcome> writer = new SpecificDatumWriter<>(TestOutcome.class);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            for (TestOutcome test : tests) writer.write(test, encoder);
            encoder.flush();
        }
    }

    /** The outcomes appended so far; a tail cut short (a JVM killed while writing) is left out. */
    private static List<TestOutcome> readTests(Path file) throws IOException {
        List<TestOutcome> tests = new ArrayList<>();
        if (!Files.exists(file)) return tests;
        SpecificDatumReader<TestOutcome> reader = new SpecificDatumReader<>(TestOutcome.class);
        try (InputStream in = Files.newInputStream(file)) {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in, null);
            while (!decoder.isEnd()) tests.add(reader.read(null, decoder));
        } catch (EOFException cutShort) {
            // keep the whole records before it
        }
        return tests;
    }

    /** Whether a member file is still locked by a live JVM; those of dead ones are removed on the way. */
    private boolean othersOpen() throws IOException {
        boolean open = false;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("member-")).toList()) {
                if (MEMBERS_HERE.contains(file)) {
                    open = true; // another session of this JVM
                    continue;
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    if (channel.tryLock() == null) {
                        open = true;
                    } else {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
        return open;
    }

    private static <T> T underLock(Path dir, Callable<T> change) {
        synchronized (IN_JVM) {
            try {
                Files.createDirectories(dir);
                try (FileChannel mutex = FileChannel.open(dir.resolve("run.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock ignored = mutex.lock()) {
                    return change.call();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot share the run through " + dir, e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot share the run through " + dir, e);
            }
        }
    }

    private static Properties read(Path dir) throws IOException {
        Properties state = new Properties();
        Path file = dir.resolve("run.properties");
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                state.load(reader);
            }
        }
        return state;
    }

    private static void write(Path dir, Properties state) throws IOException {
        Path tmp = dir.resolve("run.properties.tmp");
        try (Writer writer = Files.newBufferedWriter(tmp)) {
            state.store(writer, "the run of one build, shared by its test JVMs (BuildRun)");
        }
        Files.move(tmp, dir.resolve("run.properties"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
