package dev.parallax.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.process.Readiness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas asking for the same lease against a real broker: at most one holds it at any time, one holds it once
 * the group has settled, and when the holder leaves another takes it over; a lease of another name is apart.
 */
class GroupLeaseTest {

    private static final Duration SESSION = Duration.ofSeconds(6);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Test
    void atMostOneReplicaHoldsTheLeaseAndAnotherTakesOverWhenItLeaves(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build().start()) {
            KafkaClientSettings settings = KafkaClientSettings.of(kafka.bootstrapServers());
            GroupLease first = GroupLease.join(settings, "alerts", SESSION);
            GroupLease second = GroupLease.join(settings, "alerts", SESSION);
            GroupLease other = GroupLease.join(settings, "reports", SESSION);
            try {
                List<GroupLease> replicas = List.of(first, second);
                awaitOneHolder(replicas);
                Readiness.await("the other lease held by its only member", SETTLE, other::isHeld);
                // Watched for a while, the two replicas never hold it together.
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < until) {
                    assertTrue(holders(replicas) <= 1, "both replicas hold the lease");
                    Thread.sleep(20);
                }
                GroupLease holder = first.isHeld() ? first : second;
                GroupLease successor = holder == first ? second : first;
                holder.close();
                assertTrue(!holder.isHeld());
                Readiness.await("the remaining replica takes the lease over", SETTLE, successor::isHeld);
                assertTrue(other.isHeld(), "a lease of another name is not affected");
            } finally {
                Stream.of(first, second, other).forEach(GroupLease::close);
            }
        }
    }

    @Test
    void twoReplicasRunACycleOnceAnIntervalBetweenThem(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build().start()) {
            KafkaClientSettings settings = KafkaClientSettings.of(kafka.bootstrapServers());
            AtomicInteger[] runs = {new AtomicInteger(), new AtomicInteger()};
            AtomicInteger[] takeOvers = {new AtomicInteger(), new AtomicInteger()};
            try (GroupLease first = GroupLease.join(settings, "evaluation", SESSION);
                 GroupLease second = GroupLease.join(settings, "evaluation", SESSION);
                 LeasedCycle a = LeasedCycle.every(Duration.ofMillis(100), first, "evaluation-a",
                         takeOvers[0]::incrementAndGet, runs[0]::incrementAndGet);
                 LeasedCycle b = LeasedCycle.every(Duration.ofMillis(100), second, "evaluation-b",
                         takeOvers[1]::incrementAndGet, runs[1]::incrementAndGet)) {
                awaitOneHolder(List.of(first, second));
                int holder = first.isHeld() ? 0 : 1;
                int[] before = {runs[0].get(), runs[1].get()};
                Thread.sleep(2_000);
                int holderRuns = runs[holder].get() - before[holder];
                int otherRuns = runs[1 - holder].get() - before[1 - holder];
                // 2 s at one run per 100 ms: about 20 runs in all, not 40, and all of them in the holder.
                assertTrue(holderRuns >= 5 && holderRuns <= 21, "runs of the holder in 2 s: " + holderRuns);
                assertEquals(0, otherRuns, "runs of the other replica");
                // One take-over per term of the lease, before that term's first run.
                GroupLease holding = holder == 0 ? first : second;
                assertTrue(holding.term() >= 1);
                assertEquals(holding.term(), takeOvers[holder].get(), "take-overs of the holder");

                int successorTakeOvers = takeOvers[1 - holder].get();
                holding.close();
                Readiness.await("the other replica's take-over", SETTLE,
                        () -> takeOvers[1 - holder].get() > successorTakeOvers);
            }
        }
    }

    /**
     * Waits until one replica has held the lease for 4 s running: a replica that joins later (its first poll, the
     * broker's initial rebalance delay of 3 s) can take the lease from the first holder once.
     */
    private static void awaitOneHolder(List<GroupLease> replicas) {
        long[] since = {0};
        GroupLease[] holder = {null};
        Readiness.await("one replica holding the lease for 4 s", SETTLE, () -> {
            GroupLease now = replicas.stream().filter(GroupLease::isHeld).findFirst().orElse(null);
            if (holders(replicas) != 1 || now != holder[0]) {
                holder[0] = holders(replicas) == 1 ? now : null;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > Duration.ofSeconds(4).toNanos();
        });
        assertEquals(1, holders(replicas));
    }

    private static long holders(List<GroupLease> replicas) {
        return replicas.stream().filter(GroupLease::isHeld).count();
    }
}
