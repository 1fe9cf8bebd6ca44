package dev.parallax.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds migration files: the warehouse's own on the classpath, or any directory. */
public final class Migrations {

    /** Where the warehouse DDL of SPEC section 11 lives on the classpath. */
    public static final String WAREHOUSE = "clickhouse/migrations";

    /** The warehouse migrations shipped in this module, in version order. */
    public static List<Migration> warehouse() {
        return classpath(WAREHOUSE);
    }

    /** The {@code V*.sql} files of a classpath directory (in a jar or on disk), in version order. */
    public static List<Migration> classpath(String location) {
        URL url = Migrations.class.getClassLoader().getResource(location);
        if (url == null) {
            throw new IllegalArgumentException("no migration directory '" + location + "' on the classpath");
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return directory(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return directory(jar.getPath(location));
            } catch (FileSystemAlreadyExistsException e) {
                return directory(FileSystems.getFileSystem(uri).getPath(location));
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad classpath URL " + url, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + url, e);
        }
    }

    /**
     * The {@code .sql} files of a directory, in version order; other files are ignored.
     *
     * @throws IllegalArgumentException for a badly named file, an empty one, or two files with the same version
     */
    public static List<Migration> directory(Path dir) {
        List<Migration> migrations = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).toList()) {
                migrations.add(Migration.parse(file.getFileName().toString(),
                        Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations in " + dir, e);
        }
        return ordered(migrations);
    }

    /** The migrations in version order; two with the same version are an error. */
    public static List<Migration> ordered(List<Migration> migrations) {
        Map<Integer, Migration> byVersion = new HashMap<>();
        for (Migration m : migrations) {
            Migration clash = byVersion.putIfAbsent(m.version(), m);
            if (clash != null) {
                throw new IllegalArgumentException("two migrations have version " + m.version() + ": "
                        + clash.fileName() + " and " + m.fileName());
            }
        }
        return migrations.stream().sorted().toList();
    }

    private Migrations() {
    }
}
