package dev.parallax.launcher;

import dev.parallax.process.JvmProcess;
import dev.parallax.process.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts services in order, each only once the one before it is ready; restarts a service that dies with
 * growing back-off; stops them in reverse order.
 */
final class Supervisor implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Path logDir;
    private final Consumer<String> log;
    private final List<Supervised> running = new ArrayList<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    Supervisor(Path logDir, Consumer<String> log) {
        this.logDir = logDir;
        this.log = log;
        watchdog.scheduleWithFixedDelay(this::restartDead, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts the service and waits until its probe answers; throws when it does not in time. */
    synchronized void start(Service service) {
        Supervised supervised = new Supervised(service);
        supervised.launch();
        running.add(supervised);
    }

    /** Stops every service, the last started first. */
    @Override
    public synchronized void close() {
        stopping = true;
        watchdog.shutdownNow();
        for (int i = running.size() - 1; i >= 0; i--) {
            Supervised supervised = running.get(i);
            log.accept("stopping " + supervised.service.name());
            supervised.process.stop(STOP_GRACE);
        }
        running.clear();
    }

    private synchronized void restartDead() {
        if (stopping) return;
        for (Supervised supervised : running) {
            if (!supervised.process.isAlive() && Instant.now().isAfter(supervised.nextRestart)) {
                log.accept(supervised.service.name() + " exited with code " + supervised.process.exitValue()
                        + "; restarting (see " + logFile(supervised.service) + ")");
                try {
                    supervised.launch();
                } catch (RuntimeException e) {
                    log.accept(supervised.service.name() + " failed to restart: " + e.getMessage());
                }
            }
        }
    }

    private Path logFile(Service service) {
        return logDir.resolve(service.name() + ".log");
    }

    private final class Supervised {
        private final Service service;
        private JvmProcess process;
        private Duration backoff = Duration.ofSeconds(1);
        private Instant nextRestart = Instant.MIN;

        Supervised(Service service) {
            this.service = service;
        }

        void launch() {
            try {
                // Each service in a process group of its own: one that signals its group (the engine's SYSTEM
                // SHUTDOWN did) stops nothing else; the launcher's shutdown hook still stops every one.
                JvmProcess.Builder builder = JvmProcess.builder(service.mainClass())
                        .name(service.name())
                        .ownProcessGroup()
                        .jvmArgs(service.jvmArgs().toArray(String[]::new))
                        .args(service.args())
                        .logFile(logFile(service));
                if (service.classpath() != null) builder.classpath(service.classpath());
                service.env().forEach(builder::env);
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + service.name(), e);
            }
            // Back-off grows for a service that keeps dying, so a broken one does not spin.
            nextRestart = Instant.now().plus(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            Readiness.await(service.name(), service.startup(), () -> {
                if (!process.isAlive()) {
                    throw new Readiness.GaveUp("process exited with code " + process.exitValue()
                            + "; see " + logFile(service));
                }
                return service.ready().call();
            });
            backoff = Duration.ofSeconds(1);
        }
    }
}
