package dev.parallax.clickhouse.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where inline INSERT data waits for the engine. chDB reads data given inline after {@code FORMAT} only up to the
 * first blank line and runs the rest as SQL, so data goes to a file that the engine reads with
 * {@code INSERT ... FROM INFILE}.
 */
final class InsertDataFiles {

    private final Path directory;

    /** Uses {@code directory} for data files, removing leftovers of a process that was killed. */
    InsertDataFiles(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        try (Stream<Path> leftovers = Files.list(directory)) {
            for (Path leftover : leftovers.toList()) Files.deleteIfExists(leftover);
        }
    }

    /**
     * Writes {@code head[offset..length)} and then the rest of {@code more} to a new file; the caller deletes it when
     * the insert is done. The data streams to disk: however large, it is never held in memory.
     *
     * @throws ServerError QUERY_IS_TOO_LARGE when the data exceeds {@code maxBytes} (nothing is kept)
     */
    Path write(byte[] head, int offset, int length, InputStream more, long maxBytes) throws IOException, ServerError {
        Path file = Files.createTempFile(directory, "insert-", ".data");
        boolean kept = false;
        try (OutputStream out = Files.newOutputStream(file)) {
            long written = length - offset;
            out.write(head, offset, length - offset);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = more.read(buffer)) >= 0) {
                written += n;
                if (written > maxBytes) {
                    throw ServerError.of(ServerError.QUERY_IS_TOO_LARGE, "QUERY_IS_TOO_LARGE", "INSERT data is too "
                            + "large: more than " + maxBytes + " bytes (the embedded front's max insert size)");
                }
                out.write(buffer, 0, n);
            }
            kept = true;
            return file;
        } finally {
            if (!kept) Files.deleteIfExists(file);
        }
    }
}
