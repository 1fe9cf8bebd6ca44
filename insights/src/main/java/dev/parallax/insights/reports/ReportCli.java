package dev.parallax.insights.reports;

import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RegressionConfiguration;
import dev.parallax.insights.regression.RunSeriesReader;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.insights.warehouse.WarehouseConfiguration;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The drift report from the command line, for CI pipelines:
 * {@code ReportCli --out report.html [--from 2026-11-21T00:00:00Z] [--to 2026-11-22T00:00:00Z] [--keep]}.
 * The period defaults to the 24 hours before now; {@code --keep} also stores it in the warehouse, where the UI
 * lists it. The series with runs in the period are analysed for change points first. Exit 0 on success, 2 on bad
 * arguments or an unreachable warehouse.
 */
public final class ReportCli {

    private static final Set<String> VALUED = Set.of("--out", "--from", "--to");

    private ReportCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, ParallaxConfig.load(), Clock.systemUTC(), System.out, System.err));
    }

    static int run(String[] args, ParallaxConfig config, Clock clock, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keep")) {
                keep = true;
            } else if (VALUED.contains(args[i]) && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                return usage(err, "unexpected argument '" + args[i] + "'");
            }
        }
        if (!options.containsKey("--out")) {
            return usage(err, "--out is required");
        }
        Instant to;
        Instant from;
        try {
            to = options.containsKey("--to") ? Instant.parse(options.get("--to")) : clock.instant();
            from = options.containsKey("--from") ? Instant.parse(options.get("--from")) : to.minus(Duration.ofDays(1));
        } catch (DateTimeParseException e) {
            return usage(err, "times are ISO-8601 instants like 2026-11-22T00:00:00Z: " + e.getParsedString());
        }
        if (!from.isBefore(to)) {
            return usage(err, "--from must be before --to");
        }
        try {
            Warehouse warehouse = WarehouseConfiguration.connect(config, ClickHouseRole.UI);
            // No UI need be running in a pipeline to keep change points current: analyse the period's series here.
            RunSeriesReader series = new RunSeriesReader(warehouse);
            ChangePoints changePoints = new ChangePoints(warehouse, series, RegressionConfiguration.settings(config),
                    clock);
            series.keysActiveBetween(from, to).forEach(changePoints::analyse);
            Path file = Path.of(options.get("--out"));
            String html = new DriftReport(warehouse).html(from, to, clock.instant());
            Files.writeString(file, html, StandardCharsets.UTF_8);
            if (keep) {
                new Reports(warehouse, clock).generate("cli", from, to);
            }
            out.println("wrote " + file.toAbsolutePath() + " (" + DriftReport.title(from, to) + ")"
                    + (keep ? ", kept in the warehouse" : ""));
            return 0;
        } catch (Exception e) {
            err.println("report failed: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("usage: ReportCli --out FILE.html [--from ISO_INSTANT] [--to ISO_INSTANT] [--keep]");
        return 2;
    }
}
