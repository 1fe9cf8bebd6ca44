package dev.parallax.launcher;

import dev.parallax.process.HealthFile;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.Readiness;
import dev.parallax.process.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * growing back-off; probes each now and then; rolls services onto the newest build when asked; stops them in
 * reverse order.
 *
 * <p>What it knows it writes to {@code run/services}, one tab-separated line per process (name, health, start
 * time in epoch seconds, restarts, build, pid), for {@code ./parallax status}. A rolling restart is asked for by
 * {@code run/restart.request} (the names of the services, none for all) and answered in {@code run/restart.result}.
 */
final class Supervisor implements AutoCloseable {

    static final String STATUS_FILE = "services";
    static final String RESTART_REQUEST = "restart.request";
    static final String RESTART_RESULT = "restart.result";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(5);

    private final Path home;
    private final Path run;
    private final Build build;
    private final Builds builds;
    private final Consumer<Build> beforeRoll;
    private final Consumer<String> log;
    private final Instant launcherStarted = Instant.now();
    private final List<Supervised> running = new ArrayList<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;
    private Instant nextHealthCheck = Instant.MIN;

    /**
     * @param build  the build services start from (and the launcher runs on)
     * @param builds where a rolling restart finds the newest build
     * @param beforeRoll run with the newest build before any service rolls onto it (its schema migrations)
     */
    Supervisor(Path home, Build build, Builds builds, Consumer<Build> beforeRoll, Consumer<String> log) {
        this.home = home;
        this.run = home.resolve("run");
        this.build = build;
        this.builds = builds;
        this.beforeRoll = beforeRoll;
        this.log = log;
        watchdog.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts the service and waits until its probe answers; throws (and stops it) when it does not in time. */
    synchronized void start(Service service) {
        Supervised supervised = new Supervised(service);
        running.add(supervised);
        try {
            supervised.launch(build);
        } catch (RuntimeException e) {
            if (supervised.process != null) supervised.process.stop(STOP_GRACE);
            running.remove(supervised);
            throw e;
        }
    }

    /** Stops every service, the last started first. */
    @Override
    public void close() {
        stopping = true; // a rolling restart in progress stops before its next service
        synchronized (this) {
            watchdog.shutdownNow();
            for (int i = running.size() - 1; i >= 0; i--) {
                Supervised supervised = running.get(i);
                log.accept("stopping " + supervised.service.name());
                supervised.process.stop(STOP_GRACE);
            }
            running.clear();
            SharedFiles.deleteQuietly(run.resolve(STATUS_FILE));
        }
    }

    private synchronized void watch() {
        if (stopping) return;
        try {
            restartDead();
            if (Files.exists(run.resolve(RESTART_REQUEST))) answerRestartRequest();
            if (Instant.now().isAfter(nextHealthCheck)) {
                for (Supervised supervised : running) supervised.probe();
                nextHealthCheck = Instant.now().plus(HEALTH_INTERVAL);
            }
            writeStatus();
        } catch (RuntimeException e) {
            // The watchdog must keep going: an exception would cancel its schedule for good.
            log.accept("supervisor: " + e);
        }
    }

    private void restartDead() {
        for (Supervised supervised : running) {
            if (supervised.process.isAlive()) continue;
            supervised.health = "exited with code " + supervised.process.exitValue();
            if (Instant.now().isBefore(supervised.nextRestart)) continue;
            log.accept(supervised.service.name() + " " + supervised.health + "; restarting (see "
                    + logFile(supervised.service) + ")");
            supervised.restarts++;
            try {
                supervised.launch(supervised.build);
            } catch (RuntimeException e) {
                log.accept(supervised.service.name() + " failed to restart: " + e.getMessage());
            }
        }
    }

    /** Rolls the services asked for onto the newest build, one at a time, each only once the one before is ready. */
    private void answerRestartRequest() {
        String result;
        try {
            List<String> names = List.of(Files.readString(run.resolve(RESTART_REQUEST)).strip().split("\\s+"))
                    .stream().filter(name -> !name.isEmpty()).toList();
            Files.delete(run.resolve(RESTART_REQUEST));
            result = roll(names);
        } catch (IOException | RuntimeException e) {
            result = "failed: " + e; // ./parallax restart waits for an answer, whatever happened
        }
        writeAtomically(run.resolve(RESTART_RESULT), result + "\n");
        List<String> deleted = builds.prune();
        if (!deleted.isEmpty()) log.accept("deleted builds no longer in use: " + String.join(", ", deleted));
    }

    private String roll(List<String> names) {
        List<String> known = running.stream().map(s -> s.service.name()).toList();
        List<String> unknown = names.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) return "failed: no service " + String.join(", ", unknown) + " (running: " + String.join(" ", known) + ")";
        Build newest = builds.latest().orElse(build);
        try {
            beforeRoll.accept(newest);
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage() + "; no service was restarted";
        }
        List<String> restarted = new ArrayList<>();
        for (Supervised supervised : running) {
            if (!names.isEmpty() && !names.contains(supervised.service.name())) continue;
            if (stopping) return "failed: the stack is stopping";
            log.accept("restarting " + supervised.service.name() + " on build " + newest.id());
            supervised.health = "restarting";
            writeStatus();
            supervised.process.stop(STOP_GRACE);
            supervised.restarts++;
            Build previous = supervised.build;
            try {
                supervised.launch(newest);
            } catch (RuntimeException e) {
                // A build that does not start is no reason to lose the service: back to the one it ran before.
                log.accept(supervised.service.name() + " did not start on build " + newest.id() + ": " + e.getMessage()
                        + "; starting it on build " + previous.id() + " again");
                supervised.process.stop(STOP_GRACE);
                supervised.restarts++;
                try {
                    supervised.launch(previous);
                } catch (RuntimeException again) {
                    log.accept(supervised.service.name() + " failed to restart: " + again.getMessage());
                }
                return "failed: " + e.getMessage() + "; " + supervised.service.name() + " runs build " + previous.id()
                        + " again, and the services after it were not restarted";
            }
            log.accept(supervised.service.name() + " ready on build " + newest.id());
            restarted.add(supervised.service.name());
        }
        return "ok: " + String.join(" ", restarted) + " on build " + newest.id();
    }

    private void writeStatus() {
        StringBuilder lines = new StringBuilder();
        line(lines, "launcher", "running", launcherStarted, 0, build.id(), ProcessHandle.current().pid());
        for (Supervised supervised : running) {
            if (supervised.process == null) continue;
            line(lines, supervised.service.name(), supervised.health, supervised.started, supervised.restarts,
                    supervised.build.id(), supervised.process.pid());
        }
        writeAtomically(run.resolve(STATUS_FILE), lines.toString());
    }

    private static void line(StringBuilder lines, String name, String health, Instant started, int restarts, String build,
                             long pid) {
        // One line per process: what a probe said may hold tabs and line breaks.
        String oneLine = health.replaceAll("\\s+", " ");
        lines.append(String.join("\t", name, oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine,
                Long.toString(started.getEpochSecond()), Integer.toString(restarts), build, Long.toString(pid))).append('\n');
    }

    private Path logFile(Service service) {
        return home.resolve("logs").resolve(service.name() + ".log");
    }

    private static void writeAtomically(Path file, String content) {
        try {
            SharedFiles.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private final class Supervised {
        private final Service service;
        private JvmProcess process;
        private Build build;
        private Instant started;
        private int restarts;
        private String health = "starting";
        private Duration backoff = Duration.ofSeconds(1);
        private Instant nextRestart = Instant.MIN;

        Supervised(Service service) {
            this.service = service;
        }

        void launch(Build from) {
            String classpath = from.classpath(service.part()).orElseThrow(() -> new IllegalStateException(
                    "build " + from.id() + " has no " + service.part() + " classpath for " + service.name()));
            HealthFile.clear(home, service.name());
            try {
                // Each service in a process group of its own: one that signals its group (the engine's SYSTEM
                // SHUTDOWN did) stops nothing else; the launcher's shutdown hook still stops every one.
                JvmProcess.Builder builder = JvmProcess.builder(service.mainClass())
                        .name(service.name())
                        .classpath(classpath)
                        .ownProcessGroup()
                        .jvmArgs(service.jvmArgs().toArray(String[]::new))
                        .args(service.args())
                        .logFile(logFile(service));
                service.env().forEach(builder::env);
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + service.name(), e);
            }
            build = from;
            started = Instant.now();
            health = "starting";
            writeStatus();
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
            health = "healthy";
            backoff = Duration.ofSeconds(1);
            writeStatus();
        }

        /** Asks the service's probe again, for the status; a dead process is the watchdog's to restart. */
        void probe() {
            if (!process.isAlive()) return;
            try {
                health = Boolean.TRUE.equals(service.ready().call()) ? "healthy" : "unhealthy: not ready";
            } catch (Exception e) {
                health = "unhealthy: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
    }
}
