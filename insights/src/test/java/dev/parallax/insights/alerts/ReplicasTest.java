package dev.parallax.insights.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.alert.AlertSettings;
import dev.parallax.analytics.alert.DefaultRules;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.GroupLease;
import dev.parallax.insights.KafkaFixture;
import dev.parallax.insights.LeasedCycle;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.process.Readiness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two UI replicas, each with its alert center, its lease, its evaluation cycle and its follower of the log, over the
 * same warehouse and alert topic: each change of an alert reaches the webhook once in all, not once per replica;
 * the replica that does not evaluate shows the alert too; when the evaluating replica stops, the other takes over
 * without raising the same alert again. And an evaluator fenced by a newer one appends nothing, however stale its
 * state.
 */
class ReplicasTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    @Test
    void twoReplicasNotifyEachAlertEventOnceAndTheOtherTakesOver() throws Exception {
        FleetData.deviceSample(warehouse.warehouse(), Instant.now().minus(Duration.ofMinutes(12)), "rp-pi-silent",
                "pi5-hailo8l", "EDGE", 55);
        Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        try (KafkaFixture kafka = new KafkaFixture();
             Replica first = new Replica(kafka, delivered);
             Replica second = new Replica(kafka, delivered)) {
            // Started at once, while the group is still forming: the lease may move once right after the first
            // holder raised an alert, and the next holder's take-over must fence it and read that alert.
            first.center.active(); // both states read before anything is raised, as open alert pages do
            second.center.active();
            first.start();
            second.start();
            for (Replica replica : List.of(first, second)) {
                Readiness.await("the silent device's alert, shown by both replicas", Duration.ofSeconds(90),
                        () -> replica.center.active().stream().anyMatch(a -> a.alertKey().equals("device=rp-pi-silent")));
            }
            Thread.sleep(2_000); // further cycles: nothing new to notify
            assertTrue(!delivered.isEmpty());
            assertEquals(1, delivered.get("device-silent|device=rp-pi-silent RAISED").get());
            delivered.forEach((change, count) -> assertEquals(1, count.get(), "deliveries of " + change));

            Replica holder = first.lease.isHeld() ? first : second;
            Replica other = holder == first ? second : first;
            int before = delivered.size();
            holder.close();
            Readiness.await("the other replica holding the lease", Duration.ofSeconds(60), other.lease::isHeld);
            Thread.sleep(2_000); // its cycles run: it knows the alert from the topic, so it does not raise it again
            assertEquals(before, delivered.size(), "no alert event is raised again by the replica taking over");
            delivered.forEach((change, count) -> assertEquals(1, count.get(), "deliveries of " + change));
        }
    }

    @Test
    void anEvaluatorFencedByANewerOneAppendsNothingAndCatchesUp() throws Exception {
        FleetData.deviceSample(warehouse.warehouse(), Instant.now().minus(Duration.ofMinutes(12)), "rp-pi-fenced",
                "pi5-hailo8l", "EDGE", 55);
        Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        try (KafkaFixture kafka = new KafkaFixture();
             Replica stale = new Replica(kafka, delivered);
             Replica newer = new Replica(kafka, delivered)) {
            stale.center.takeOver();
            stale.center.active(); // its state, read before anything was raised
            newer.center.takeOver(); // fences the stale one
            assertTrue(newer.center.evaluate().stream().anyMatch(r -> r.row().alertKey().equals("device=rp-pi-fenced")));

            // Its state does not know the alert: it would raise it again, but the log refuses its append.
            IllegalStateException fenced = assertThrows(IllegalStateException.class, stale.center::evaluate);
            assertTrue(fenced.getMessage().contains("another process claimed the alert evaluation"), fenced.getMessage());
            assertEquals(1, delivered.get("device-silent|device=rp-pi-fenced RAISED").get());

            // Evaluating again, it claims anew and rebuilds from the log first: nothing to raise.
            assertTrue(stale.center.evaluate().stream().noneMatch(r -> r.row().alertKey().equals("device=rp-pi-fenced")));
            assertEquals(1, delivered.get("device-silent|device=rp-pi-fenced RAISED").get());
            assertTrue(stale.center.active().stream().anyMatch(a -> a.alertKey().equals("device=rp-pi-fenced")));
        }
    }

    /** What one UI replica runs for alerts: its center, subscribed to as the webhook is, its lease and its cycle. */
    private static final class Replica implements AutoCloseable {
        final KafkaAlertLog log;
        final AlertCenter center;
        final GroupLease lease;
        LeasedCycle cycle;

        Replica(KafkaFixture kafka, Map<String, AtomicInteger> delivered) {
            KafkaClientSettings settings = KafkaClientSettings.of(kafka.bootstrap());
            log = new KafkaAlertLog(settings);
            center = new AlertCenter(DefaultRules.ALL, AlertSettings.DEFAULTS,
                    new FleetSnapshotReader(warehouse.warehouse()),
                    new AlertOverrides(warehouse.warehouse(), Clock.systemUTC()), log,
                    Clock.systemUTC(), new AlertMetrics(new SimpleMeterRegistry()));
            // Counted by alert and change, as the webhook hears them: two replicas raising the same alert would be
            // two events, one each.
            center.onAppended(record -> delivered.computeIfAbsent(record.row().rule() + "|" + record.row().alertKey()
                    + " " + record.event().type(), change -> new AtomicInteger()).incrementAndGet());
            lease = GroupLease.join(settings, "replicas-test", Duration.ofSeconds(6));
        }

        void start() {
            follower = center.follow();
            cycle = LeasedCycle.every(Duration.ofMillis(200), lease, "alert-evaluation", center::takeOver,
                    center::evaluate);
        }

        private AutoCloseable follower;
        private boolean closed;

        @Override
        public void close() throws Exception {
            if (closed) return;
            closed = true;
            if (cycle != null) cycle.close();
            if (follower != null) follower.close();
            lease.close();
            log.close();
        }
    }
}
