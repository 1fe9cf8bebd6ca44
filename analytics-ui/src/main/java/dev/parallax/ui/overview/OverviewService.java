package dev.parallax.ui.overview;

import static dev.parallax.insights.warehouse.Warehouse.instant;

import dev.parallax.insights.alerts.AlertCenter;
import dev.parallax.insights.alerts.FleetSnapshotReader;
import dev.parallax.insights.alerts.OpenAlert;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Fleet health, open alerts and every test's tier and recommendation, over the last day. */
@Service
public class OverviewService {

    static final Duration HORIZON = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(OverviewService.class);

    private final Warehouse warehouse;
    private final AlertCenter alerts;
    private final InferenceCounts counts;
    private final ThrottleService throttle;
    private final Clock clock;

    public OverviewService(Warehouse warehouse, AlertCenter alerts, Clock clock) {
        this.warehouse = warehouse;
        this.counts = new InferenceCounts(warehouse);
        this.throttle = new ThrottleService(warehouse);
        this.alerts = alerts;
        this.clock = clock;
    }

    /** What the overview shows of a period: open alerts and the fleet as they are now, the tests' inferences in it. */
    public record Overview(List<OpenAlert> alerts, List<TestSummary> tests, List<FleetDevice> devices) {
    }

    /**
     * The overview's reads, one after the other. Side by side ({@code SideBySideReads}, as a test's page reads) they gained
     * nothing at 10 M events on two cores: each of the two heavy ones uses both cores, and together they took as
     * long as one after the other (about 250 ms).
     */
    public Overview overview(Period period) {
        return new Overview(openAlerts(), tests(period), devices());
    }

    /** Every device heard from in the last day, with its clock offset (see {@link FleetSnapshotReader#heardFrom}). */
    public List<FleetDevice> devices() {
        Instant now = clock.instant();
        Set<String> throttling = throttle.throttlingNow();
        return FleetSnapshotReader.heardFrom(warehouse, now, HORIZON, "").stream()
                .map(d -> new FleetDevice(d.deviceId(), d.deviceClass(), d.tier(), d.lastHeard(),
                        throttling.contains(d.deviceId()), d.clockOffset()))
                .toList();
    }

    /**
     * The alert center's active alerts but the snoozed ones, each with its condition as measured now; the warehouse
     * projection (as raised) while the alert log cannot be read.
     */
    public List<OpenAlert> openAlerts() {
        try {
            Instant now = clock.instant();
            return alerts.active().stream().filter(a -> !a.isSnoozedAt(now)).map(a -> new OpenAlert(a.alertId(), a.rule(), a.alertKey(), a.state(),
                    a.severity(), alerts.summaryNow(a), a.raisedAt(), a.acknowledgedBy())).toList();
        } catch (RuntimeException e) {
            LOG.warn("alert log unavailable, showing the warehouse projection: {}", e.toString());
        }
        return warehouse.query("""
                SELECT alert_id, rule, alert_key, state, severity, message, raised_at, acknowledged_by
                FROM parallax.alerts FINAL WHERE state != 'RESOLVED' ORDER BY raised_at DESC
                """, rs -> new OpenAlert(rs.getString("alert_id"), rs.getString("rule"), rs.getString("alert_key"),
                rs.getString("state"), rs.getString("severity"), rs.getString("message"), instant(rs, "raised_at"),
                rs.getString("acknowledged_by")));
    }

    /** The overview's period: the last day, on whole minutes, as the test page's "Last day" reads it. */
    public Period period() {
        return Period.last(HORIZON, clock.instant());
    }

    /** Every test with inferences in the {@link #period()}, counted by {@link InferenceCounts}. */
    public List<TestSummary> tests() {
        return tests(period());
    }

    /** Every test with inferences in {@code period}, counted by {@link InferenceCounts}. */
    public List<TestSummary> tests(Period period) {
        Map<String, String[]> recommendations = new LinkedHashMap<>();
        warehouse.query("SELECT test_id, recommended_tier, reason FROM parallax.recommendations FINAL",
                rs -> recommendations.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)}));
        return counts.perTest(period).stream().map(t -> {
            String[] rec = recommendations.getOrDefault(t.testId(), new String[] {"", "not computed yet"});
            return new TestSummary(t.testId(), t.currentTier(), t.inferences(), rec[0], rec[1]);
        }).toList();
    }
}
