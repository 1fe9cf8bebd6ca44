package dev.parallax.replay;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One line of progress: redrawn in place on a terminal, printed every few seconds into a log. It says how fast
 * the replay goes now and how long it still needs at that pace ({@link ProgressRate}); every sample counts for
 * the pace, drawn or not.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final LongSupplier nanos;
    private final long startNanos;
    private final ProgressRate rate;
    private long lastLogNanos;
    /** Length of the line on the terminal now (0: none), so a shorter one can blank its tail. */
    private int drawn;

    ProgressBar(PrintStream out, boolean terminal, long total) {
        this(out, terminal, total, System::nanoTime);
    }

    ProgressBar(PrintStream out, boolean terminal, long total, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.lastLogNanos = startNanos - LOG_EVERY_NANOS;
        this.rate = new ProgressRate(nanos);
    }

    void show(long done) {
        rate.sample(done);
        long now = nanos.getAsLong();
        if (!terminal && now - lastLogNanos < LOG_EVERY_NANOS) return;
        lastLogNanos = now;
        draw(line(done, now), false);
    }

    /** The last line once the replay read everything: the whole run's average rate. */
    void finish(long done) {
        long now = nanos.getAsLong();
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        draw(String.format(Locale.ROOT, "%s  %,d/%,d records in %.0f s (%,.0f rec/s on average)", bar(done), done,
                total, seconds, done / seconds), true);
    }

    /** Ends the line of a replay that stops early, so that what is printed next starts on its own line. */
    void stop() {
        if (drawn > 0) out.println();
        drawn = 0;
        out.flush();
    }

    String line(long done, long nowNanos) {
        return String.format(Locale.ROOT, "%s  %,d/%,d records  %s  %.0f s elapsed", bar(done), done, total,
                rate.describe(total), (nowNanos - startNanos) / 1e9);
    }

    private String bar(long done) {
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%%", "#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.round(fraction * 100));
    }

    private void draw(String line, boolean last) {
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
            drawn = last ? 0 : line.length();
            if (last) out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }
}
