package dev.parallax.ui.reports;

import dev.parallax.analytics.alert.AlertRule;
import dev.parallax.analytics.alert.AlertSettings;
import dev.parallax.analytics.alert.DefaultRules;
import dev.parallax.analytics.alert.Finding;
import dev.parallax.analytics.alert.FleetSnapshot;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.ui.alerts.AlertOverrides;
import dev.parallax.ui.alerts.AlertsConfiguration;
import dev.parallax.ui.warehouse.Warehouse;
import dev.parallax.ui.warehouse.WarehouseConfiguration;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CI gate (SPEC §9): {@code GateCli --run-id RUN} evaluates the default alert rules, with the per-test
 * overrides and {@code ui.alerts.budget.ms}, over that run's data and exits 1 when the run breaches any, printing
 * each breach with its evidence; 0 when it passes; 2 when it cannot decide (no such run, bad arguments, no
 * warehouse).
 */
public final class GateCli {

    public static final int PASS = 0;
    public static final int BREACH = 1;
    public static final int UNDECIDED = 2;

    private GateCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, ParallaxConfig.load(), System.out, System.err));
    }

    static int run(String[] args, ParallaxConfig config, PrintStream out, PrintStream err) {
        if (args.length != 2 || !args[0].equals("--run-id") || args[1].isBlank()) {
            err.println("usage: GateCli --run-id RUN_ID");
            return UNDECIDED;
        }
        String runId = args[1];
        try {
            Warehouse warehouse = WarehouseConfiguration.connect(config, ClickHouseRole.READER);
            Optional<FleetSnapshot> snapshot = new RunSnapshots(warehouse).read(runId);
            if (snapshot.isEmpty()) {
                err.println("run " + runId + " has no successful inferences in the warehouse: nothing to gate");
                return UNDECIDED;
            }
            AlertSettings d = AlertSettings.DEFAULTS;
            AlertSettings settings = new AlertSettings(d.tolerance(), config.getDouble("ui.alerts.budget.ms",
                    Double.NaN), d.budgetWindows(), d.edgeCloudRatio(), d.driftShift(), d.driftSignificance(),
                    d.maxThrottledShare(), d.silentAfter(), AlertsConfiguration.clockOffsetLimit(config),
                    d.reliability(),
                    new AlertOverrides(warehouse, Clock.systemUTC()).all());
            List<Finding> breaches = new ArrayList<>();
            for (AlertRule rule : DefaultRules.ALL) {
                breaches.addAll(rule.evaluate(snapshot.get(), settings));
            }
            if (breaches.isEmpty()) {
                out.println("PASS run " + runId + ": no rule breached (" + snapshot.get().latency().size()
                        + " latency series, " + snapshot.get().divergence().size() + " divergence series)");
                return PASS;
            }
            out.println("FAIL run " + runId + ": " + breaches.size() + " rule breach(es)");
            for (Finding f : breaches) {
                out.println("  [" + f.severity() + "] " + f.rule() + " (" + f.subject() + "): " + f.summary());
            }
            return BREACH;
        } catch (Exception e) {
            err.println("gate undecided for run " + runId + ": " + e.getMessage());
            return UNDECIDED;
        }
    }
}
