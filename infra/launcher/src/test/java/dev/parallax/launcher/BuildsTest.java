package dev.parallax.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versioned copies of the build: what a rebuild rewrites is copied, and a copy in use is never deleted. */
class BuildsTest {

    @TempDir
    Path dir;

    @Test
    void aBuildKeepsItsFilesWhenTheProjectIsRebuilt() throws Exception {
        Path project = dir.resolve("project");
        Path jar = write(project.resolve("ui/target/ui.jar"), "version 1");
        Path classes = write(project.resolve("launcher/target/classes/dev/A.class"), "class A").getParent().getParent();
        Path release = write(dir.resolve("m2/org/lib/1.0/lib-1.0.jar"), "a release");
        Path snapshotJar = write(dir.resolve("m2/dev/x/0.1-SNAPSHOT/x-0.1-SNAPSHOT.jar"), "a snapshot");
        Builds builds = new Builds(dir.resolve("home/builds"));

        Build first = builds.snapshot(project, parts(classes + File.pathSeparator + release + File.pathSeparator + snapshotJar, jar.toString()));

        List<String> services = List.of(first.classpath(Build.Part.SERVICES).orElseThrow().split(File.pathSeparator));
        assertEquals(release.toString(), services.get(1), "a release jar never changes: used where it is");
        assertTrue(services.get(0).startsWith(first.dir().toString()) && services.get(2).startsWith(first.dir().toString()),
                "class folders and snapshot jars are copied: " + services);
        Path uiCopy = Path.of(first.classpath(Build.Part.UI).orElseThrow());
        assertTrue(uiCopy.startsWith(first.dir()), "the project's jar is copied");
        assertEquals("class A", Files.readString(Path.of(services.get(0), "dev/A.class")));

        // What mvn install did under the running UI: the jar rewritten in place.
        Files.write(jar, new byte[0]);
        assertArrayEquals("version 1".getBytes(), Files.readAllBytes(uiCopy), "the build's copy is untouched");

        Files.writeString(jar, "version 2");
        Build second = builds.snapshot(project, parts(classes.toString(), jar.toString()));
        assertNotEquals(first.id(), second.id());
        assertEquals(second, builds.latest().orElseThrow(), "the newest build is the latest");
    }

    @Test
    void theSameContentMakesTheSameBuildOnce() throws Exception {
        Path project = dir.resolve("project");
        Path jar = write(project.resolve("ui/target/ui.jar"), "version 1");
        Builds builds = new Builds(dir.resolve("home/builds"));
        Build first = builds.snapshot(project, parts(jar.toString(), jar.toString()));
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0)); // rebuilt, same bytes
        assertEquals(first, builds.snapshot(project, parts(jar.toString(), jar.toString())));
        try (var entries = Files.list(dir.resolve("home/builds"))) {
            assertEquals(1, entries.filter(Files::isDirectory).count(), "no second copy, no staging left behind");
        }
    }

    @Test
    void pruningKeepsTheNewestBuildAndEveryBuildARunningProcessUses() throws Exception {
        Path project = dir.resolve("project");
        Path jar = project.resolve("ui/target/ui.jar");
        Builds builds = new Builds(dir.resolve("home/builds"));
        Build[] made = new Build[3];
        for (int i = 0; i < made.length; i++) {
            write(jar, "version " + i);
            made[i] = builds.snapshot(project, parts(jar.toString(), jar.toString()));
        }
        // A process running from the oldest build names it on its command line, as every JVM of the stack does: one
        // process (sleep, named after the classpath by exec -a), not a shell whose forked child would carry the
        // shell's command line, with the classpath, for a moment after the shell is killed.
        String classpath = made[0].classpath(Build.Part.SERVICES).orElseThrow();
        Process user = new ProcessBuilder("bash", "-c", "exec -a \"$0\" sleep 60", classpath).start();
        try {
            // Started is not yet exec'd: until then the child's command line is the JDK's spawn helper's (a pruning
            // at that moment, on a loaded machine, found nobody using the oldest build).
            Path cmdline = Path.of("/proc", Long.toString(user.pid()), "cmdline");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.readString(cmdline, StandardCharsets.ISO_8859_1).contains(classpath)) {
                assertTrue(System.nanoTime() < deadline, "the process names the build within 10 s");
                Thread.sleep(10);
            }
            assertEquals(List.of(made[1].id()), builds.prune());
            assertTrue(Files.isDirectory(made[0].dir()), "in use");
            assertFalse(Files.exists(made[1].dir()), "neither newest nor in use");
            assertTrue(Files.isDirectory(made[2].dir()), "the newest");
        } finally {
            user.destroyForcibly().waitFor();
        }
        assertEquals(List.of(made[0].id()), builds.prune(), "no longer in use");
        assertEquals(made[2], builds.latest().orElseThrow());
    }

    private static Map<String, String> parts(String services, String ui) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("services", services);
        parts.put("ui", ui);
        return parts;
    }

    private static Path write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
