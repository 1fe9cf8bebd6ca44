package dev.parallax.insights.alerts;

import dev.parallax.analytics.alert.AlertEvent;
import dev.parallax.analytics.alert.AlertLedger;
import dev.parallax.analytics.alert.AlertRule;
import dev.parallax.analytics.alert.AlertSettings;
import dev.parallax.analytics.alert.Finding;
import dev.parallax.analytics.alert.FleetSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts of SPEC §6: evaluates the rules over the warehouse, turns what changed into events on the alert log,
 * and tells subscribers (open browsers, the webhook). The log is the truth: the ledger is rebuilt from it at the
 * first use, and again whenever an append could not be confirmed, so state never runs ahead of the log.
 *
 * <p>With several replicas, one evaluates (it {@link #takeOver takes over} the evaluation, which fences the one
 * before it and reads what that one wrote), and every replica {@link #follow follows} the log, so each shows the
 * alerts the others raise and the steps people take there. Views hear of every change; the webhook only of the
 * changes this replica appended, so each change is posted once across replicas.
 */
public final class AlertCenter {

    private static final Logger LOG = LoggerFactory.getLogger(AlertCenter.class);

    private final List<AlertRule> rules;
    private final AlertSettings defaults;
    private final FleetSnapshotReader snapshots;
    private final AlertOverrides overrides;
    private final AlertLog log;
    private final Clock clock;
    private final AlertMetrics metrics;
    private final List<Consumer<AlertRecord>> subscribers = new CopyOnWriteArrayList<>();
    private final List<Consumer<AlertRecord>> appendListeners = new CopyOnWriteArrayList<>();

    private AlertLedger ledger;
    private final Map<String, AlertRow> activeRows = new LinkedHashMap<>();
    /** Every alert's latest version known here, active or not: a followed record at or below it is known. */
    private final Map<String, Long> versions = new HashMap<>();
    /** Whether this replica has claimed the evaluation and rebuilt its state since (false again when fenced). */
    private boolean evaluating;
    /** The last evaluation's findings by rule and subject: what an active alert's condition measures now. */
    private volatile Map<String, Finding> holding = Map.of();

    public AlertCenter(List<AlertRule> rules, AlertSettings defaults, FleetSnapshotReader snapshots,
                       AlertOverrides overrides, AlertLog log, Clock clock, AlertMetrics metrics) {
        this.rules = List.copyOf(rules);
        this.defaults = defaults;
        this.snapshots = snapshots;
        this.overrides = overrides;
        this.log = log;
        this.clock = clock;
        this.metrics = metrics;
    }

    public List<AlertRule> rules() {
        return rules;
    }

    /**
     * Subscribes to every change from now on, whichever replica made it (open views); the returned handle
     * unsubscribes.
     */
    public Runnable subscribe(Consumer<AlertRecord> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Hands {@code listener} every record this replica appends from now on (the webhook: once across replicas). */
    public void onAppended(Consumer<AlertRecord> listener) {
        appendListeners.add(listener);
    }

    /**
     * Makes this replica the evaluator: fences the previous one (its later appends fail) and rebuilds the state from
     * the log, which then holds everything the previous one appended. Run on each new term of the lease.
     */
    public synchronized void takeOver() {
        evaluating = false;
        log.claimEvaluation();
        forget();
        evaluating = true;
    }

    /** Follows the log: changes made in other replicas reach this one's state and its views. Close to stop. */
    public AutoCloseable follow() {
        return log.follow(this::observe);
    }

    /** A record read from the log: applied and shown unless this replica knows it (it appended it, or read it). */
    void observe(AlertRecord record) {
        synchronized (this) {
            ready();
            String alertId = record.row().alertId();
            if (record.row().version() <= versions.getOrDefault(alertId, 0L)) return;
            ledger.apply(record.event());
            track(activeRows, record.row());
            versions.put(alertId, record.row().version());
        }
        for (Consumer<AlertRecord> s : subscribers) tell(s, record);
    }

    /** One evaluation of every rule; returns the records it appended. Counted in {@link AlertMetrics} by outcome. */
    public List<AlertRecord> evaluate() {
        long started = System.nanoTime();
        try {
            List<AlertRecord> records = evaluateOnce();
            if (records != null) metrics.done(records, System.nanoTime() - started);
            return records == null ? List.of() : records;
        } catch (RuntimeException e) {
            metrics.failed();
            throw e;
        }
    }

    /** The records appended, or null when a rule failed and the evaluation was skipped. */
    private List<AlertRecord> evaluateOnce() {
        Instant now = clock.instant();
        AlertSettings settings = defaults.withOverrides(overrides.all());
        FleetSnapshot snapshot = snapshots.read(now);
        List<Finding> findings = new ArrayList<>();
        for (AlertRule rule : rules) {
            try {
                findings.addAll(rule.evaluate(snapshot, settings));
            } catch (RuntimeException e) {
                // Its missing findings would read as cleared conditions and resolve its alerts: skip this round.
                LOG.warn("alert rule {} failed; evaluation skipped, every alert keeps its state", rule.id(), e);
                metrics.skipped();
                return null;
            }
        }
        Map<String, Finding> byKey = new LinkedHashMap<>();
        findings.forEach(f -> byKey.putIfAbsent(f.rule() + "|" + f.subject(), f));
        holding = byKey;
        List<AlertRecord> records;
        synchronized (this) {
            if (!evaluating) takeOver(); // evaluating without a lease: claim once, as the only replica
            records = commit(ready().reconcile(findings, now), log::appendEvaluation);
        }
        notify(records);
        return records;
    }

    /**
     * An active alert's condition as the last evaluation measured it (the alert keeps the figures it was raised
     * with, which go stale while it stays open); its raised message until it has been evaluated.
     */
    public String summaryNow(AlertRow alert) {
        Finding finding = holding.get(alert.rule() + "|" + alert.alertKey());
        return finding == null ? alert.message() : finding.summary();
    }

    /** Acknowledges an active alert as {@code user}; empty when it is not active and unacknowledged. */
    public Optional<AlertRow> acknowledge(String alertId, String user) {
        return byHand(ledger -> ledger.acknowledge(alertId, user, clock.instant()));
    }

    /** Hides an active alert from people for {@code length}, as {@code user}; empty when it is not active. */
    public Optional<AlertRow> snooze(String alertId, String user, Duration length) {
        Instant now = clock.instant();
        return byHand(ledger -> ledger.snooze(alertId, user, now.plus(length), now));
    }

    /** Resolves an active alert as {@code user}; empty when it is not active (see {@link AlertLedger#resolve}). */
    public Optional<AlertRow> resolve(String alertId, String user) {
        return byHand(ledger -> ledger.resolve(alertId, user, clock.instant()));
    }

    /** Every event of one alert, oldest first, from the log. */
    public List<AlertRecord> history(String alertId) {
        return log.readAll().stream().filter(r -> r.row().alertId().equals(alertId)).toList();
    }

    /** A person's step on an alert, committed to the log like the evaluator's. */
    private Optional<AlertRow> byHand(Function<AlertLedger, Optional<AlertEvent>> step) {
        List<AlertRecord> records;
        synchronized (this) {
            records = commit(step.apply(ready()).stream().toList(), log::append);
        }
        notify(records);
        return records.stream().map(AlertRecord::row).findFirst();
    }

    /** The active alerts, newest first. */
    public synchronized List<AlertRow> active() {
        ready();
        return activeRows.values().stream().sorted(Comparator.comparing(AlertRow::raisedAt).reversed()).toList();
    }

    /** Drops the in-memory state; the next call rebuilds it from the log. */
    public synchronized void forget() {
        ledger = null;
        activeRows.clear();
        versions.clear();
    }

    private AlertLedger ready() {
        if (ledger == null) {
            AlertLedger rebuilt = new AlertLedger();
            Map<String, AlertRow> rows = new LinkedHashMap<>();
            List<AlertRecord> history = log.readAll();
            for (AlertRecord r : history) {
                rebuilt.apply(r.event());
                track(rows, r.row());
                versions.merge(r.row().alertId(), r.row().version(), Math::max);
            }
            ledger = rebuilt;
            activeRows.clear();
            activeRows.putAll(rows);
            LOG.info("alert ledger rebuilt from {} events: {} active alerts", history.size(), rows.size());
        }
        return ledger;
    }

    /**
     * Appends the ledger's new events with their rows; on failure the state is rebuilt from the log next time (and
     * the evaluation claimed again: a failed evaluation's append may mean another replica took over).
     */
    private List<AlertRecord> commit(List<AlertEvent> events, Consumer<List<AlertRecord>> append) {
        List<AlertRecord> records = new ArrayList<>();
        Map<String, AlertRow> rows = new LinkedHashMap<>(activeRows);
        for (AlertEvent event : events) {
            AlertRow previous = rows.get(event.alertId());
            AlertRow row = previous == null ? AlertRow.raised(event) : previous.next(event);
            records.add(new AlertRecord(event, row));
            track(rows, row);
        }
        if (records.isEmpty()) {
            return records;
        }
        try {
            append.accept(records);
        } catch (RuntimeException e) {
            forget();
            evaluating = false;
            throw e;
        }
        activeRows.clear();
        activeRows.putAll(rows);
        records.forEach(r -> versions.put(r.row().alertId(), r.row().version()));
        return records;
    }

    private static void track(Map<String, AlertRow> rows, AlertRow row) {
        if (row.isActive()) {
            rows.put(row.alertId(), row);
        } else {
            rows.remove(row.alertId());
        }
    }

    /** Tells views and append listeners of records this replica appended. */
    private void notify(List<AlertRecord> records) {
        for (AlertRecord r : records) {
            for (Consumer<AlertRecord> s : subscribers) tell(s, r);
            for (Consumer<AlertRecord> s : appendListeners) tell(s, r);
        }
    }

    private static void tell(Consumer<AlertRecord> subscriber, AlertRecord record) {
        try {
            subscriber.accept(record);
        } catch (RuntimeException e) {
            LOG.warn("alert subscriber failed on {}", record.event().eventId(), e);
        }
    }
}
