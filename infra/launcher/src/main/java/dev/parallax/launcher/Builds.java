package dev.parallax.launcher;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.process.SharedFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versioned copies of the build in {@code $PARALLAX_HOME/builds}, so that a rebuild never changes a running
 * service's files: Maven rewrites jars in {@code target/} and snapshot jars in the local repository in place, and a
 * JVM that has one open goes on reading the new bytes at the old offsets (the UI then answered 200 and an empty
 * body for its JavaScript).
 *
 * <p>{@link #snapshot} copies every classpath entry that a build can rewrite (folders, anything under the project,
 * {@code -SNAPSHOT} jars) into {@code builds/<id>/<part>/} and writes each part's classpath to
 * {@code builds/<id>/<part>.classpath}; release jars of the local Maven repository never change and are used where
 * they are. The id is a hash of the content, so an unchanged build is not copied twice. {@code builds/latest} names
 * the newest. {@link #prune} deletes every build that is neither the newest nor on a running process's command line.
 */
final class Builds {

    private static final String LATEST = "latest";
    private static final String STAGING = ".staging-";
    private static final Pattern BUILD_ON_COMMAND_LINE = Pattern.compile("/builds/([0-9a-f]{12})/");

    private final Path dir;

    Builds(Path dir) {
        this.dir = dir;
    }

    static Builds of(ParallaxConfig config) {
        return new Builds(config.home().resolve("builds"));
    }

    /** {@code snapshot PROJECT_ROOT part=classpath...}: makes the newest build and prints its folder. */
    public static void main(String[] args) {
        if (args.length < 2 || !args[0].equals("snapshot")) {
            System.err.println("usage: Builds snapshot PROJECT_ROOT part=classpath...");
            System.exit(2);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : List.of(args).subList(2, args.length)) {
            int eq = part.indexOf('=');
            parts.put(part.substring(0, eq), part.substring(eq + 1));
        }
        Builds builds = of(ParallaxConfig.load());
        Build build = builds.snapshot(Path.of(args[1]), parts);
        builds.prune();
        System.out.println(build.dir());
    }

    /**
     * Copies what a rebuild can change of each part's classpath into a build and makes it the newest.
     *
     * @param projectRoot jars under it are the build's own, whatever their version
     * @param parts       classpaths by part name ({@code services}, {@code ui}, ...)
     */
    Build snapshot(Path projectRoot, Map<String, String> parts) {
        try {
            Files.createDirectories(dir);
            Path staging = Files.createTempDirectory(dir, STAGING);
            MessageDigest digest = sha256();
            Map<String, List<String>> classpaths = new LinkedHashMap<>();
            for (var part : parts.entrySet()) {
                List<String> classpath = new ArrayList<>();
                List<String> entries = List.of(part.getValue().split(File.pathSeparator));
                for (int i = 0; i < entries.size(); i++) {
                    Path entry = Path.of(entries.get(i)).toAbsolutePath().normalize();
                    if (!rewritable(entry, projectRoot.toAbsolutePath().normalize())) {
                        digest.update(entry.toString().getBytes(StandardCharsets.UTF_8));
                        classpath.add(entry.toString());
                        continue;
                    }
                    String name = part.getKey() + "/" + i + "-" + entry.getFileName();
                    copy(entry, staging.resolve(name), digest);
                    classpath.add(name);
                }
                digest.update(part.getKey().getBytes(StandardCharsets.UTF_8));
                classpaths.put(part.getKey(), classpath);
            }
            String id = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
            Path target = dir.resolve(id);
            if (Files.exists(target)) {
                deleteTree(staging);
            } else {
                for (var part : classpaths.entrySet()) {
                    List<String> absolute = part.getValue().stream()
                            .map(entry -> Path.of(entry).isAbsolute() ? entry : target.resolve(entry).toString())
                            .toList();
                    Files.writeString(staging.resolve(part.getKey() + ".classpath"),
                            String.join(File.pathSeparator, absolute) + "\n");
                }
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException madeMeanwhile) {
                    deleteTree(staging); // another ./parallax copied the same build at the same time
                }
            }
            SharedFiles.write(dir.resolve(LATEST), id + "\n");
            return Build.in(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a build in " + dir, e);
        }
    }

    /** The newest build, if one was made. */
    Optional<Build> latest() {
        Path file = dir.resolve(LATEST);
        try {
            if (!Files.exists(file)) return Optional.empty();
            Path build = dir.resolve(Files.readString(file).strip());
            return Files.isDirectory(build) ? Optional.of(Build.in(build)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Deletes every build that is neither the newest nor used by a running process, and what an interrupted snapshot
     * left behind; returns the ids deleted.
     */
    List<String> prune() {
        Set<String> keep = new TreeSet<>(inUse());
        latest().ifPresent(build -> keep.add(build.id()));
        List<String> deleted = new ArrayList<>();
        if (!Files.isDirectory(dir)) return deleted;
        try (Stream<Path> builds = Files.list(dir)) {
            for (Path build : builds.filter(Files::isDirectory).toList()) {
                String id = build.getFileName().toString();
                if (id.startsWith(STAGING)) {
                    // A snapshot takes seconds: one older than a day was interrupted.
                    if (Files.getLastModifiedTime(build).toInstant().isBefore(Instant.now().minus(Duration.ofDays(1)))) {
                        deleteTree(build);
                    }
                    continue;
                }
                if (keep.contains(id)) continue;
                deleteTree(build);
                deleted.add(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune " + dir, e);
        }
        return deleted;
    }

    /**
     * The builds that running processes use, from their command lines in /proc: every process that runs from a
     * build names it in its classpath, whoever started it (the stack, or a tool like {@code ./parallax report}).
     */
    Set<String> inUse() {
        String prefix = dir.toAbsolutePath().normalize() + "/";
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String commandLine;
                try {
                    commandLine = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                } catch (IOException exited) {
                    continue;
                }
                if (!commandLine.contains(prefix)) continue;
                Matcher matcher = BUILD_ON_COMMAND_LINE.matcher(commandLine.replace(prefix, "/builds/"));
                while (matcher.find()) ids.add(matcher.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the running processes", e);
        }
        return ids;
    }

    /** Anything a rebuild can write over: class folders, the project's own jars, snapshot jars. */
    private static boolean rewritable(Path entry, Path projectRoot) {
        return Files.isDirectory(entry) || entry.startsWith(projectRoot)
                || entry.getFileName().toString().contains("-SNAPSHOT");
    }

    private static void copy(Path source, Path target, MessageDigest digest) throws IOException {
        if (!Files.exists(source)) return;
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                    continue;
                }
                Files.createDirectories(copy.getParent());
                byte[] bytes = Files.readAllBytes(file);
                digest.update(source.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update(bytes);
                Files.write(copy, bytes);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
