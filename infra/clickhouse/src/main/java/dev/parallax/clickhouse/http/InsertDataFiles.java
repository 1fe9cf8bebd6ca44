package dev.parallax.clickhouse.http;

import java.io.IOException;
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

    /** Writes {@code data[offset..]} to a new file; the caller deletes it when the insert is done. */
    Path write(byte[] data, int offset) throws IOException {
        Path file = Files.createTempFile(directory, "insert-", ".data");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(data, offset, data.length - offset);
        }
        return file;
    }
}
