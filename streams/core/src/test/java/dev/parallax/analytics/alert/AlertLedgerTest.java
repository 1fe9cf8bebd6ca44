package dev.parallax.analytics.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.alert.AlertEvent.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final Finding SILENT = new Finding("device-silent", "device=pi-2", Severity.WARNING,
            "pi-2 silent for 11 min", 660, 600);

    @Test
    void raisesOnceWhileTheConditionHoldsAndResolvesWhenItClears() {
        AlertLedger ledger = new AlertLedger();
        List<AlertEvent> first = ledger.reconcile(List.of(SILENT), T0);
        assertEquals(List.of(Type.RAISED), first.stream().map(AlertEvent::type).toList());
        assertTrue(ledger.reconcile(List.of(SILENT, SILENT), T0.plusSeconds(30)).isEmpty(), "deduplicated");
        List<AlertEvent> cleared = ledger.reconcile(List.of(), T0.plusSeconds(60));
        assertEquals(List.of(Type.RESOLVED), cleared.stream().map(AlertEvent::type).toList());
        assertEquals(first.getFirst().alertId(), cleared.getFirst().alertId());
        assertTrue(ledger.active().isEmpty());

        List<AlertEvent> again = ledger.reconcile(List.of(SILENT), T0.plusSeconds(90));
        assertNotEquals(first.getFirst().alertId(), again.getFirst().alertId(), "a new episode is a new alert");
    }

    @Test
    void acknowledgedOnceByAPersonAndStillAutoResolves() {
        AlertLedger ledger = new AlertLedger();
        String id = ledger.reconcile(List.of(SILENT), T0).getFirst().alertId();
        AlertEvent ack = ledger.acknowledge(id, "olga", T0.plusSeconds(5)).orElseThrow();
        assertEquals(Type.ACKNOWLEDGED, ack.type());
        assertEquals("olga", ack.actor());
        assertEquals(Alert.State.ACKNOWLEDGED, ledger.active().getFirst().state());
        assertTrue(ledger.acknowledge(id, "olga", T0.plusSeconds(6)).isEmpty(), "already acknowledged");
        assertTrue(ledger.acknowledge("no-such-alert", "olga", T0).isEmpty());
        assertEquals(Type.RESOLVED, ledger.reconcile(List.of(), T0.plusSeconds(60)).getFirst().type());
    }

    @Test
    void aSnoozeIsAnEventThatLeavesTheAlertActive() {
        AlertLedger ledger = new AlertLedger();
        String id = ledger.reconcile(List.of(SILENT), T0).getFirst().alertId();
        AlertEvent snooze = ledger.snooze(id, "olga", T0.plusSeconds(3600), T0.plusSeconds(5)).orElseThrow();
        assertEquals(Type.SNOOZED, snooze.type());
        assertEquals(T0.plusSeconds(3600), snooze.until());
        assertEquals("olga", snooze.actor());
        assertEquals(Alert.State.OPEN, ledger.active().getFirst().state(), "still active, still acknowledgeable");
        assertTrue(ledger.snooze("no-such-alert", "olga", T0.plusSeconds(60), T0).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ledger.snooze(id, "olga", T0, T0));
        assertEquals(Type.RESOLVED, ledger.reconcile(List.of(), T0.plusSeconds(60)).getFirst().type());
    }

    @Test
    void resolvedByHandItIsRaisedAgainWhileItsConditionHolds() {
        AlertLedger ledger = new AlertLedger();
        String id = ledger.reconcile(List.of(SILENT), T0).getFirst().alertId();
        AlertEvent resolved = ledger.resolve(id, "olga", T0.plusSeconds(5)).orElseThrow();
        assertEquals(Type.RESOLVED, resolved.type());
        assertEquals("olga", resolved.actor());
        assertTrue(ledger.active().isEmpty());
        assertTrue(ledger.resolve(id, "olga", T0.plusSeconds(6)).isEmpty(), "resolved once");
        AlertEvent again = ledger.reconcile(List.of(SILENT), T0.plusSeconds(30)).getFirst();
        assertEquals(Type.RAISED, again.type());
        assertNotEquals(id, again.alertId());
    }

    @Test
    void replayingTheEventsRebuildsTheSameState() {
        AlertLedger live = new AlertLedger();
        List<AlertEvent> log = new ArrayList<>(live.reconcile(List.of(SILENT), T0));
        Finding dead = new Finding("dead-letters", "dead-letters", Severity.WARNING, "2 dead letters", 2, 0);
        log.addAll(live.reconcile(List.of(SILENT, dead), T0.plusSeconds(30)));
        log.add(live.acknowledge(log.getFirst().alertId(), "olga", T0.plusSeconds(40)).orElseThrow());
        log.add(live.snooze(log.getFirst().alertId(), "olga", T0.plusSeconds(600), T0.plusSeconds(45)).orElseThrow());
        log.addAll(live.reconcile(List.of(SILENT), T0.plusSeconds(60)));

        AlertLedger rebuilt = new AlertLedger();
        log.forEach(rebuilt::apply);
        assertEquals(live.active(), rebuilt.active());
        assertEquals(1, rebuilt.active().size());
        assertEquals("olga", rebuilt.active().getFirst().acknowledgedBy());
    }

    @Test
    void eventIdsAreDeterministic() {
        AlertEvent a = new AlertLedger().reconcile(List.of(SILENT), T0).getFirst();
        AlertEvent b = new AlertLedger().reconcile(List.of(SILENT), T0).getFirst();
        assertEquals(a, b);
    }
}
