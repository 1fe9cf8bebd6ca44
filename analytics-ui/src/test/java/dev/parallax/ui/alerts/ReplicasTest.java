package dev.parallax.ui.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.alert.AlertSettings;
import dev.parallax.analytics.alert.DefaultRules;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.insights.GroupLease;
import dev.parallax.insights.LeasedCycle;
import dev.parallax.process.Readiness;
import dev.parallax.ui.FleetData;
import dev.parallax.ui.KafkaFixture;
import dev.parallax.ui.WarehouseFixture;
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
 * Two UI replicas, each with its alert center, its lease and its evaluation cycle, over the same warehouse and
 * alert topic: each change of an alert reaches the subscribers (the webhook) once in all, not once per replica, and when the
 * evaluating replica stops, the other takes over without raising the same alert again.
 *
 * <p>The replicas start evaluating once the group has settled. A replica that joins while another is evaluating
 * takes the lease over once, and if that happens just after the other raised an alert whose event it has not read
 * yet, it raises the alert again: the lease gives at most one evaluator, not fencing of the alert log.
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
            // Both in the group before anything is evaluated: a replica joining later would take the lease over
            // once, perhaps just after the first raised an alert it has not read yet (see the class comment).
            awaitSettled(first, second);
            first.start();
            second.start();
            Readiness.await("the silent device's alert, raised", Duration.ofSeconds(90),
                    () -> first.center.active().stream().anyMatch(a -> a.alertKey().equals("device=rp-pi-silent")));
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

    /** Waits until one replica has held the lease for 4 s running: the group has settled. */
    private static void awaitSettled(Replica first, Replica second) {
        long[] since = {System.nanoTime()};
        boolean[] firstHeld = {first.lease.isHeld()};
        Readiness.await("one replica holding the lease for 4 s", Duration.ofSeconds(60), () -> {
            boolean one = first.lease.isHeld() != second.lease.isHeld();
            if (!one || first.lease.isHeld() != firstHeld[0]) {
                firstHeld[0] = first.lease.isHeld();
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > Duration.ofSeconds(4).toNanos();
        });
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
            // Counted by alert and change: two replicas raising the same alert would be two events, one each.
            center.subscribe(record -> delivered.computeIfAbsent(record.row().rule() + "|" + record.row().alertKey()
                    + " " + record.event().type(), change -> new AtomicInteger()).incrementAndGet());
            lease = GroupLease.join(settings, "replicas-test", Duration.ofSeconds(6));
        }

        void start() {
            cycle = LeasedCycle.every(Duration.ofMillis(200), lease, "alert-evaluation", center::evaluate);
        }

        private boolean closed;

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            if (cycle != null) cycle.close();
            lease.close();
            log.close();
        }
    }
}
