package dev.parallax.process;

import dev.parallax.config.ParallaxConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a service says about itself, for the launcher's health probe: one line in
 * {@code $PARALLAX_HOME/run/health/<service>} (e.g. the Kafka Streams state, or that the sink's last batch was
 * written), and when it said it (the file's modification time). A process can look alive and do nothing; only the
 * service itself knows that its work goes on.
 */
public final class HealthFile {

    /** A service that reports the same state again within this long does not rewrite the file. */
    private static final Duration REWRITE_AFTER = Duration.ofSeconds(1);

    private final Path file;
    private String lastState;
    private long lastWrittenNanos;

    private HealthFile(Path file) {
        this.file = file;
    }

    /** The health file of {@code service} in this configuration's home. */
    public static HealthFile of(ParallaxConfig config, String service) {
        return new HealthFile(path(config.home(), service));
    }

    static Path path(Path home, String service) {
        return home.resolve("run").resolve("health").resolve(service);
    }

    /**
     * Records {@code state} as of now. Cheap enough to call on every loop of a service: the same state is written
     * at most once a second. A failure to write is reported on stderr and otherwise ignored: the probe then sees
     * an old report, which is the truth about a service that cannot write its home.
     */
    public synchronized void report(String state) {
        long now = System.nanoTime();
        if (state.equals(lastState) && now - lastWrittenNanos < REWRITE_AFTER.toNanos()) return;
        try {
            SharedFiles.write(file, state + "\n");
            lastState = state;
            lastWrittenNanos = now;
        } catch (IOException e) {
            System.err.println("cannot write the health file " + file + ": " + e);
        }
    }

    /** A service's last report. */
    public record Report(String state, Instant at) {
    }

    /** The last report of {@code service}, if it made one. */
    public static Optional<Report> read(Path home, String service) {
        Path file = path(home, service);
        try {
            return Optional.of(new Report(Files.readString(file).strip(), Files.getLastModifiedTime(file).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Forgets a service's last report, before it is started again: a report of the previous run says nothing. */
    public static void clear(Path home, String service) {
        try {
            Files.deleteIfExists(path(home, service));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path(home, service), e);
        }
    }
}
