package dev.parallax.insights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fixture's directory under the system's temporary one, deleted with all it holds when the fixture closes: an
 * engine's data, a broker's log, a browser's profile. Left behind, they filled this machine's disk (828 of them, 76 GB)
 * until the warehouse refused its next insert.
 */
public final class ScratchDirectory implements AutoCloseable {

    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    public static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    /** Deletes the directory and everything in it; what cannot be deleted (a file still open elsewhere) stays. */
    @Override
    public void close() {
        List<Path> deepestFirst;
        try (Stream<Path> files = Files.walk(path)) {
            deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            return; // already gone
        }
        for (Path p : deepestFirst) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // left for the system's cleaner of temporary files; the others still go
            }
        }
    }
}
