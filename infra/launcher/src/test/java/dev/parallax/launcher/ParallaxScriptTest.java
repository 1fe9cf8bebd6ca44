package dev.parallax.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry script's staleness check, on a copy of the script in a project that is no git checkout. */
class ParallaxScriptTest {

    private static final Path SCRIPT = Path.of("../../parallax");

    @Test
    void generatedAndIgnoredFilesAreNoSourceChangesButASourceIs(@TempDir Path project) throws Exception {
        Files.copy(SCRIPT, project.resolve("parallax"), StandardCopyOption.COPY_ATTRIBUTES);
        write(project, ".gitignore", "# build output\ntarget/\n.parallax/\n*.log\n");
        write(project, "analytics-ui/.gitignore", "src/main/frontend/generated/\nsrc/main/bundles/");
        Path source = write(project, "analytics-ui/src/main/java/dev/View.java", "class View {}");
        Path generated = write(project, "analytics-ui/src/main/frontend/generated/index.ts", "// by Vaadin");
        Path bundle = write(project, "analytics-ui/src/main/bundles/prod.bundle", "zip");
        Path output = write(project, "analytics-ui/target/classes/View.class", "bytes");
        write(project, "pom.xml", "<project/>");
        write(project, "analytics-ui/pom.xml", "<project/>");
        write(project, ".parallax/builds/latest", "0123456789ab\n");
        Files.createDirectories(project.resolve(".parallax/builds/0123456789ab"));
        Path stamp = write(project, ".parallax/build.stamp", "");
        try (var files = Files.walk(project)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
            }
        }
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().minusSeconds(60)));
        assertEquals("", stale(project), "nothing changed since the build");

        // What Vaadin's build and Maven write on every run, newer than the stamp: not a reason to rebuild.
        for (Path file : new Path[] {generated, bundle, output}) Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        assertEquals("", stale(project), "generated files are not sources");

        Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
        assertEquals("analytics-ui/src/main/java/dev/View.java changed", stale(project));
    }

    /** What {@code ./parallax} would build for, or nothing. */
    private static String stale(Path project) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", project.resolve("parallax").toString(), "__stale")
                .redirectErrorStream(true);
        builder.environment().put("PARALLAX_HOME", project.resolve(".parallax").toString()); // not the caller's
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static Path write(Path project, String file, String content) throws Exception {
        Path path = project.resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }
}
