package dev.parallax.analytics.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The active alerts and the events that move them: a finding with no active alert of its (rule, subject) raises
 * one, an active alert whose condition no longer holds resolves, a person acknowledges. The ledger is rebuilt by
 * {@link #apply applying} the recorded events in order, so the projection in the warehouse and this state agree.
 */
public final class AlertLedger {

    private final Map<String, Alert> active = new LinkedHashMap<>(); // by rule|subject

    /** Folds a recorded event in (replay, or an event this ledger produced). */
    public void apply(AlertEvent event) {
        String key = key(event.rule(), event.subject());
        Alert current = active.get(key);
        if (event.type() == AlertEvent.Type.RAISED) {
            if (current == null) {
                active.put(key, Alert.raised(event));
            }
            return;
        }
        if (current == null || !current.alertId().equals(event.alertId())) {
            return; // an event of an alert that is no longer active: history only
        }
        Alert next = current.apply(event);
        if (next.isActive()) {
            active.put(key, next);
        } else {
            active.remove(key);
        }
    }

    /** The events that bring the ledger in line with the findings of one evaluation at {@code now}; applied. */
    public List<AlertEvent> reconcile(Collection<Finding> findings, Instant now) {
        List<AlertEvent> events = new ArrayList<>();
        Map<String, Finding> holding = new LinkedHashMap<>();
        findings.forEach(f -> holding.putIfAbsent(key(f.rule(), f.subject()), f));
        for (Alert alert : List.copyOf(active.values())) {
            if (!holding.containsKey(key(alert.rule(), alert.subject()))) {
                events.add(AlertEvent.of(alert, AlertEvent.Type.RESOLVED, "condition cleared: " + alert.summary(),
                        alert.value(), now, AlertEvent.SYSTEM));
            }
        }
        for (Map.Entry<String, Finding> entry : holding.entrySet()) {
            if (!active.containsKey(entry.getKey())) {
                Finding f = entry.getValue();
                Alert raised = new Alert(AlertEvent.alertId(f.rule(), f.subject(), now), f.rule(), f.subject(),
                        f.severity(), f.summary(), f.value(), f.threshold(), now, null, null, null);
                events.add(AlertEvent.of(raised, AlertEvent.Type.RAISED, f.summary(), f.value(), now,
                        AlertEvent.SYSTEM));
            }
        }
        events.forEach(this::apply);
        return events;
    }

    /** Acknowledges an active, unacknowledged alert; empty when there is none by that id. */
    public Optional<AlertEvent> acknowledge(String alertId, String user, Instant now) {
        return byHand(alertId, a -> a.state() == Alert.State.OPEN,
                a -> AlertEvent.of(a, AlertEvent.Type.ACKNOWLEDGED, a.summary(), a.value(), now, user));
    }

    /** Snoozes an active alert until {@code until}; empty when there is none by that id. */
    public Optional<AlertEvent> snooze(String alertId, String user, Instant until, Instant now) {
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException("a snooze ends after it starts: " + until);
        }
        return byHand(alertId, a -> true, a -> AlertEvent.of(a, AlertEvent.Type.SNOOZED, a.summary(), a.value(), now,
                user, until));
    }

    /**
     * Resolves an active alert by hand; empty when there is none by that id. If its condition still holds, the next
     * evaluation raises it again, as a new alert.
     */
    public Optional<AlertEvent> resolve(String alertId, String user, Instant now) {
        return byHand(alertId, a -> true, a -> AlertEvent.of(a, AlertEvent.Type.RESOLVED,
                "resolved by " + user + ": " + a.summary(), a.value(), now, user));
    }

    private Optional<AlertEvent> byHand(String alertId, Predicate<Alert> allowed, Function<Alert, AlertEvent> step) {
        Optional<AlertEvent> event = active.values().stream()
                .filter(a -> a.alertId().equals(alertId) && allowed.test(a))
                .findFirst()
                .map(step);
        event.ifPresent(this::apply);
        return event;
    }

    public List<Alert> active() {
        return List.copyOf(active.values());
    }

    private static String key(String rule, String subject) {
        return rule + "|" + subject;
    }
}
