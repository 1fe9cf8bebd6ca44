package dev.parallax.insights.reports;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.alert.AlertRule;
import dev.parallax.analytics.alert.AlertSettings;
import dev.parallax.analytics.alert.DefaultRules;
import dev.parallax.analytics.alert.Finding;
import dev.parallax.analytics.alert.FleetSnapshot;
import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.alerts.AlertOverrides;
import dev.parallax.insights.alerts.AlertsConfiguration;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RegressionCheck;
import dev.parallax.insights.regression.RegressionConfiguration;
import dev.parallax.insights.regression.RegressionGate;
import dev.parallax.insights.regression.RunSeriesReader;
import dev.parallax.insights.reports.JUnitReport.Case;
import dev.parallax.insights.reports.JUnitReport.Outcome;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.insights.warehouse.WarehouseConfiguration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CI gate (SPEC §9, issue 16): {@code GateCli --run-id RUN [--junit FILE]} judges the run by two kinds of check
 * and exits 1 when any fails, 0 when all pass, 2 when it cannot decide (no such run, bad arguments, no warehouse):
 * <ul>
 *   <li>each default alert rule, with the per-test overrides and {@code ui.alerts.budget.ms}, over the run's data;</li>
 *   <li>each metric of each series the run belongs to: the run fails it when it starts a regression (a change point
 *       of the {@code regression.*} settings, the worse way, not marked expected).</li>
 * </ul>
 * It prints each check's evidence, the measured numbers of passed checks too, and the false-alarm rate the settings
 * imply; {@code --junit FILE} also writes the checks as JUnit XML, one test case per check. It connects as the
 * read-only role: change points are found in memory, not stored.
 */
public final class GateCli {

    public static final int PASS = 0;
    public static final int BREACH = 1;
    public static final int UNDECIDED = 2;
    private static final String USAGE = "usage: GateCli --run-id RUN_ID [--junit FILE]";

    private GateCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, ParallaxConfig.load(), System.out, System.err));
    }

    static int run(String[] args, ParallaxConfig config, PrintStream out, PrintStream err) {
        String runId = null;
        Path junit = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--run-id" -> runId = args[i + 1].isBlank() ? null : args[i + 1];
                case "--junit" -> junit = Path.of(args[i + 1]);
                default -> {
                    err.println(USAGE);
                    return UNDECIDED;
                }
            }
        }
        if (runId == null || args.length % 2 != 0) {
            err.println(USAGE);
            return UNDECIDED;
        }
        List<Case> cases = new ArrayList<>();
        int code;
        try {
            code = judge(runId, config, cases, out, err);
        } catch (Exception e) {
            err.println("gate undecided for run " + runId + ": " + e.getMessage());
            cases.add(new Case("parallax.gate", "gate", Outcome.ERROR, "undecided: " + e.getMessage()));
            code = UNDECIDED;
        }
        if (junit != null) {
            try {
                JUnitReport.write(junit, "parallax gate " + runId, cases);
            } catch (IOException e) {
                err.println("cannot write " + junit + ": " + e.getMessage());
                return UNDECIDED;
            }
        }
        return code;
    }

    private static int judge(String runId, ParallaxConfig config, List<Case> cases, PrintStream out,
                             PrintStream err) {
        Warehouse warehouse = WarehouseConfiguration.connect(config, ClickHouseRole.READER);
        Optional<FleetSnapshot> run = new RunSnapshots(warehouse).read(runId);
        if (run.isEmpty()) {
            String reason = "run " + runId + " has no successful inferences in the warehouse: nothing to gate";
            err.println(reason);
            cases.add(new Case("parallax.gate", "gate", Outcome.ERROR, reason));
            return UNDECIDED;
        }
        AlertSettings d = AlertSettings.DEFAULTS;
        AlertSettings settings = new AlertSettings(AlertsConfiguration.tolerances(config),
                config.getDouble("ui.alerts.budget.ms", Double.NaN), d.budgetWindows(), d.edgeCloudRatio(), d.driftShift(), d.driftSignificance(),
                d.maxThrottledShare(), d.silentAfter(), AlertsConfiguration.clockOffsetLimit(config),
                d.reliability(),
                new AlertOverrides(warehouse, Clock.systemUTC()).all());
        FleetSnapshot snapshot = run.get();
        List<Finding> breaches = new ArrayList<>();
        for (AlertRule rule : DefaultRules.ALL) {
            List<Finding> found = rule.evaluate(snapshot, settings);
            breaches.addAll(found);
            cases.add(found.isEmpty()
                    ? new Case("parallax.gate.rules", rule.id(), Outcome.PASSED, "no breach")
                    : new Case("parallax.gate.rules", rule.id(), Outcome.FAILED, String.join("; ",
                    found.stream().map(f -> f.subject() + ": " + f.summary()).toList())));
        }
        ChangePointSettings detector = RegressionConfiguration.settings(config);
        RunSeriesReader reader = new RunSeriesReader(warehouse);
        List<RegressionCheck> checks = new RegressionGate(reader,
                new ChangePoints(warehouse, reader, detector, Clock.systemUTC())).check(runId);
        List<RegressionCheck> regressions = checks.stream().filter(RegressionCheck::fails).toList();
        for (RegressionCheck c : checks) {
            cases.add(new Case("parallax.gate.regression." + c.key().testId(), c.name(),
                    c.fails() ? Outcome.FAILED : Outcome.PASSED, c.evidence()));
        }

        boolean pass = breaches.isEmpty() && regressions.isEmpty();
        if (pass) {
            out.println("PASS run " + runId + ": no rule breached (" + snapshot.latency().size()
                    + " latency series, " + snapshot.tiers().size() + " edge/cloud comparisons, "
                    + snapshot.divergence().size() + " divergence series), no regression"
                    + " starts at it (" + checks.size() + " series metrics)");
        } else {
            out.println("FAIL run " + runId + ": " + breaches.size() + " rule breach(es), " + regressions.size()
                    + " regression(s)");
        }
        for (Finding f : breaches) {
            out.println("  [" + f.severity() + "] " + f.rule() + " (" + f.subject() + "): " + f.summary());
        }
        // The tails the edge/cloud rule compared, with how far each may be off on its sample count.
        for (FleetSnapshot.TierComparison t : snapshot.tiers()) {
            out.println("  edge vs cloud p99 · " + t.testId() + ": EDGE " + Figures.tail(t.edgeP99(), " ms") + " over "
                    + Figures.count(t.edgeP99().samples()) + ", CLOUD " + Figures.tail(t.cloudP99(), " ms") + " over "
                    + Figures.count(t.cloudP99().samples()));
        }
        for (RegressionCheck c : regressions) {
            out.println("  [REGRESSION] " + c.name() + ": " + c.evidence());
        }
        out.println(String.format(Locale.ROOT, "change points: p < %s, magnitude floor %.1f %%, window %d runs; %s",
                detector.maxPValue(), detector.minMagnitude() * 100, detector.windowLength(),
                RegressionGate.BENCHMARK));
        for (RegressionCheck c : checks) {
            if (!c.fails()) {
                out.println("  " + c.name() + ": " + c.evidence());
            }
        }
        return pass ? PASS : BREACH;
    }
}
