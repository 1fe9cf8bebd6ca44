package dev.parallax.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line of progress: redrawn in place on a terminal, printed every few seconds into a log.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastLogNanos;

    ProgressBar(PrintStream out, boolean terminal, long total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    void show(long done) {
        long now = System.nanoTime();
        if (!terminal && now - lastLogNanos < LOG_EVERY_NANOS) return;
        lastLogNanos = now;
        out.print(line(done, now) + (terminal ? "\r" : "\n"));
        out.flush();
    }

    void finish(long done) {
        out.println(line(done, System.nanoTime()));
    }

    String line(long done, long nowNanos) {
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d/%,d records  %,.0f rec/s  %.0f s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(fraction * 100), done, total,
                done / seconds, seconds);
    }
}
