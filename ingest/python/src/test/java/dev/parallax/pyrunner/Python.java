package dev.parallax.pyrunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python side of this module: the interpreter is {@code $PARALLAX_PYTHON} (the {@code parallax} script sets
 * it to the one it installed pytest for), else {@code python3}; the working directory is the module's.
 */
final class Python {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final String INTERPRETER = System.getenv().getOrDefault("PARALLAX_PYTHON", "python3");

    private Python() {
    }

    record Result(int exitCode, String output) {
    }

    /** Runs {@code python <args>} to its end (at most {@code timeoutSeconds}), stdout and stderr together. */
    static Result run(Map<String, String> env, long timeoutSeconds, String... args) {
        try {
            Process process = start(env, args);
            Path output = Files.createTempFile("python-", ".out");
            try {
                process.getInputStream().transferTo(Files.newOutputStream(output));
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("python " + String.join(" ", args) + " did not end within " + timeoutSeconds + " s");
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                System.out.println(text); // into the test's report
                return new Result(process.exitValue(), text);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts {@code python <args>} with stderr merged into stdout, for a test to talk to. */
    static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(INTERPRETER, "-u"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().putAll(env);
        return builder.start();
    }
}
