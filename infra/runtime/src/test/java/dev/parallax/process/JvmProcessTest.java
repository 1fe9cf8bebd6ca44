package dev.parallax.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmProcessTest {

    /** A child that announces it runs and records a graceful stop. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.writeString(dir.resolve("stopped"), "graceful");
                } catch (Exception ignored) {
                    // the test then sees no marker and fails, which is the point
                }
            }));
            Files.writeString(dir.resolve("running"), System.getenv().getOrDefault("GREETING", ""));
            System.out.println("child up");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void stopRunsShutdownHooksAndLogsGoToTheFile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("logs/child.log");
        JvmProcess child = JvmProcess.builder(Child.class.getName())
                .args(dir.toString()).env("GREETING", "hello").logFile(log).start();
        Readiness.await("child", Duration.ofSeconds(20), () -> Files.exists(dir.resolve("running")));
        assertEquals("hello", Files.readString(dir.resolve("running")));

        child.stop(Duration.ofSeconds(10));

        assertFalse(child.isAlive());
        assertEquals("graceful", Files.readString(dir.resolve("stopped")));
        assertTrue(Files.readString(log).contains("child up"));
    }

    @Test
    void killSkipsShutdownHooks(@TempDir Path dir) throws Exception {
        JvmProcess child = JvmProcess.builder(Child.class.getName()).args(dir.toString())
                .logFile(dir.resolve("child.log")).start();
        Readiness.await("child", Duration.ofSeconds(20), () -> Files.exists(dir.resolve("running")));

        child.kill();

        assertFalse(child.isAlive());
        assertFalse(Files.exists(dir.resolve("stopped")));
    }

    @Test
    void readinessTimeoutNamesTheServiceAndLastFailure() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Readiness.await("clickhouse", Duration.ofMillis(300), () -> {
                    throw new java.net.ConnectException("Connection refused");
                }));
        assertTrue(e.getMessage().startsWith("clickhouse not ready"), e.getMessage());
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    }

    @Test
    void readinessStopsWaitingWhenTheProbeGivesUp() {
        java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Readiness.await("kafka", Duration.ofSeconds(30), () -> {
                    probes.incrementAndGet();
                    throw new Readiness.GaveUp("process exited with code 1");
                }));
        assertTrue(e.getMessage().contains("exited with code 1"), e.getMessage());
        assertEquals(1, probes.get(), "no second probe after giving up");
    }
}
