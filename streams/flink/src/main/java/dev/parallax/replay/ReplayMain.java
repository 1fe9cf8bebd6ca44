package dev.parallax.replay;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.flink.JobSettings;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code replay [--from TIME] [--to TIME]}: rebuilds every derived table from the Kafka log (all of it by
 * default; TIME is an ISO-8601 instant such as {@code 2026-11-23T10:00:00Z}), with a progress bar, then a
 * summary. Exit status 0 when the rebuilt tables are live, 1 when the replay failed (live tables untouched; the
 * cause is the last line on stderr), 2 for bad arguments. Configuration as for every service
 * ({@code kafka.bootstrap}, {@code kafka.client.*}, {@code clickhouse.*}, {@code flink.parallelism}).
 */
public final class ReplayMain {

    private ReplayMain() {
    }

    public static void main(String[] args) {
        ReplayRange range;
        try {
            range = range(args);
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            System.err.println("usage: replay [--from 2026-11-23T10:00:00Z] [--to 2026-11-23T12:00:00Z]");
            System.exit(2);
            return;
        }
        ParallaxConfig config = ParallaxConfig.load();
        try {
            Replay.Summary summary = new Replay(config, JobSettings.from(config), System.out, System.console() != null)
                    .run(range);
            System.out.printf(Locale.ROOT, "replay complete: %,d records in %.1f s (%,.0f records/s); rebuilt tables are live:%n",
                    summary.records(), summary.took().toMillis() / 1000.0, summary.recordsPerSecond());
            summary.rows().forEach((table, rows) -> System.out.printf(Locale.ROOT, "  %-20s %,d rows%n", table, rows));
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            // Last, after the trace: the one line to read.
            System.err.println("replay failed, live tables untouched: " + cause(e));
            System.exit(1);
        }
    }

    /**
     * What went wrong: the message of the innermost cause, not of the layers a Flink job wraps it in
     * ("Job execution failed", "Recovery is suppressed by NoRestartBackoffTimeStrategy").
     */
    static String cause(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = failure;
        while (root.getCause() != null && seen.add(root)) root = root.getCause();
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getName()
                : message + " (" + root.getClass().getSimpleName() + ")";
    }

    static ReplayRange range(String[] args) {
        Optional<Instant> from = Optional.empty();
        Optional<Instant> to = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.equals("--from") && !option.equals("--to")) {
                throw new IllegalArgumentException("unknown argument " + option);
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(option + " needs a time");
            Instant time;
            try {
                time = Instant.parse(args[++i]);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " " + args[i] + " is not an ISO-8601 instant");
            }
            if (option.equals("--from")) from = Optional.of(time); else to = Optional.of(time);
        }
        return new ReplayRange(from, to);
    }
}
