package dev.parallax.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Parallax service running as a child JVM.
 *
 * <p>Services that must be killable on their own (the embedded ClickHouse, whose native engine cannot share a
 * JVM's exit path) or supervised by the launcher run this way. The child uses the same {@code java} binary as
 * the parent and, unless told otherwise, the parent's classpath.
 */
public final class JvmProcess {

    /** Flags every Parallax JVM runs with: FFM for the embedded engine, and Kafka's use of sun.misc.Unsafe. */
    public static final List<String> STANDARD_FLAGS =
            List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    private final String name;
    private final Process process;

    private JvmProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code, once the process has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Asks the process to stop (SIGTERM, so its shutdown hooks run), and kills it if it has not within {@code grace}. */
    public void stop(Duration grace) {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Kills the process at once (SIGKILL, as {@code kill -9}) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to end on its own; true if it did within the timeout. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static final class Builder {
        private static final Path SETSID = Path.of("/usr/bin/setsid");
        private final String mainClass;
        private String name;
        private String classpath = System.getProperty("java.class.path");
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path logFile;
        private boolean ownProcessGroup;

        private Builder(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass);
            this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        }

        /** A short name for logs and errors; defaults to the main class's simple name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        public Builder jvmArgs(String... jvmArgs) {
            this.jvmArgs.addAll(List.of(jvmArgs));
            return this;
        }

        public Builder args(String... args) {
            this.args.addAll(List.of(args));
            return this;
        }

        public Builder args(List<String> args) {
            this.args.addAll(args);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /**
         * Runs the child in a process group (and session) of its own, through {@code setsid}: a signal one service
         * sends to its group (the embedded engine's shutdown signals its whole group) reaches no other service and
         * not the launcher. Where {@code setsid} is missing the child shares the parent's group, as without this.
         */
        public Builder ownProcessGroup() {
            this.ownProcessGroup = true;
            return this;
        }

        /** Appends the child's stdout and stderr to this file; without one they are inherited. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public JvmProcess start() throws IOException {
            List<String> command = new ArrayList<>();
            // setsid execs the JVM in place (the child is not a group leader), so the pid stays the JVM's.
            if (ownProcessGroup && Files.isExecutable(SETSID)) command.add(SETSID.toString());
            command.add(javaBinary());
            command.addAll(STANDARD_FLAGS);
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            if (logFile != null) {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            } else {
                builder.inheritIO();
            }
            return new JvmProcess(name, builder.start());
        }

        private static String javaBinary() {
            return ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
    }
}
