package dev.parallax.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One process of the local stack: what to run, how to know it is ready, and what to print about it.
 *
 * @param name      short name, also the log file's name
 * @param mainClass the main class run in a child JVM
 * @param args      its arguments
 * @param jvmArgs   extra JVM flags (heap size and the like)
 * @param env       extra environment variables
 * @param ready     health probe: polled until it answers true after a start, then now and then for the status
 * @param startup   how long the probe may take after a start
 * @param endpoint  where it listens, for the user
 * @param part      which classpath of the build it runs on
 */
public record Service(String name, String mainClass, List<String> args, List<String> jvmArgs,
                      Map<String, String> env, Callable<Boolean> ready, Duration startup, String endpoint,
                      Build.Part part) {

    public Service {
        Objects.requireNonNull(name);
        Objects.requireNonNull(mainClass);
        Objects.requireNonNull(ready);
        Objects.requireNonNull(part);
        args = List.copyOf(args);
        jvmArgs = List.copyOf(jvmArgs);
        env = Map.copyOf(env);
    }

    /** A service on the build's classpath of every service module. */
    public Service(String name, String mainClass, List<String> args, List<String> jvmArgs, Map<String, String> env,
                   Callable<Boolean> ready, Duration startup, String endpoint) {
        this(name, mainClass, args, jvmArgs, env, ready, startup, endpoint, Build.Part.SERVICES);
    }
}
