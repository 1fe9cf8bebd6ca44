package dev.parallax.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.process.Readiness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ./parallax status shows comes from the probes, restarts are counted, a restart request is answered, and a
 * service that does not start on the newest build runs its previous one again.
 */
class SupervisorTest {

    @TempDir
    Path home;

    @Test
    void statusFollowsTheProbeRestartsAreCountedAndAFailedRollGoesBack() throws Exception {
        AtomicReference<String> failure = new AtomicReference<>();
        Callable<Boolean> running = Probes.reports(home, "idle", "RUNNING", null);
        Service idle = new Service("idle", IdleService.class.getName(), List.of(), List.of("-Xmx32m"),
                Map.of("PARALLAX_HOME", home.toString()), () -> {
                    if (failure.get() != null) throw new IllegalStateException(failure.get());
                    return running.call();
                }, Duration.ofSeconds(60), "");
        List<String> log = new CopyOnWriteArrayList<>();
        Build build = Build.of(ParallaxConfig.of(Map.of()));
        Builds builds = new Builds(home.resolve("builds"));
        List<Build> prepared = new CopyOnWriteArrayList<>();
        try (Supervisor supervisor = new Supervisor(home, build, builds, prepared::add, log::add)) {
            supervisor.start(idle);
            assertEquals(List.of("healthy", "0", build.id()), status());

            failure.set("serves an empty bundle");
            awaitStatus(List.of("unhealthy: serves an empty bundle", "0", build.id()));
            failure.set(null);
            awaitStatus(List.of("healthy", "0", build.id()));

            assertEquals("failed: no service nosuch (running: idle)", restart("nosuch"));
            String pid = field(5);
            assertEquals("ok: idle on build " + build.id(), restart("idle"));
            assertEquals(List.of(build), prepared, "the build is prepared (migrated) before a service rolls onto it");
            assertEquals(List.of("healthy", "1", build.id()), status());
            assertNotEquals(pid, field(5), "a new process");

            ProcessHandle.of(Long.parseLong(field(5))).orElseThrow().destroyForcibly();
            awaitStatus(List.of("healthy", "2", build.id())); // died, restarted by the watchdog

            // A newest build in which the service does not start: it goes back to the build it ran.
            Path empty = Files.createDirectories(home.resolve("project/target/classes"));
            Build broken = builds.snapshot(home.resolve("project"), Map.of("services", empty.toString()));
            String result = restart("idle");
            assertTrue(result.startsWith("failed: idle failed: process exited with code 1")
                    && result.endsWith("idle runs build " + build.id() + " again, and the services after it were not restarted"), result);
            assertEquals(List.of("healthy", "4", build.id()), status(), "tried on " + broken.id() + ", then back");
        }
        assertFalse(Files.exists(home.resolve("run/" + Supervisor.STATUS_FILE)), "no status once stopped");
    }

    private String restart(String service) throws Exception {
        Path result = home.resolve("run/" + Supervisor.RESTART_RESULT);
        Files.deleteIfExists(result);
        Files.writeString(home.resolve("run/" + Supervisor.RESTART_REQUEST), service + "\n");
        Readiness.await("the restart", Duration.ofSeconds(60), () -> Files.exists(result));
        return Files.readString(result).strip();
    }

    private void awaitStatus(List<String> expected) {
        Readiness.await("status " + expected, Duration.ofSeconds(60), () -> status().equals(expected));
    }

    /** The service's health, restarts and build. */
    private List<String> status() throws Exception {
        return List.of(field(1), field(3), field(4));
    }

    private String field(int index) throws Exception {
        for (String line : Files.readAllLines(home.resolve("run/" + Supervisor.STATUS_FILE))) {
            String[] fields = line.split("\t");
            if (fields[0].equals("idle")) return fields[index];
        }
        throw new AssertionError("idle not in the status");
    }
}
