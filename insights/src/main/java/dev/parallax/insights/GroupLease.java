package dev.parallax.insights;

import dev.parallax.config.KafkaClientSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease that at most one process of a group holds at a time, by Kafka group membership: every process asking for
 * the lease {@code name} joins the consumer group {@code parallax-lease-<name>} on the topic
 * {@code parallax.lease.<name>.v1}, which has one partition, and the member the group coordinator assigns that
 * partition to holds the lease. When it stops, crashes or stops polling for longer than the session timeout, the
 * coordinator gives the partition to another member. Work that must happen once per cycle across replicas (alert
 * evaluation and its webhook, scheduled reports, placement) runs only while {@link #isHeld()}.
 *
 * <p>At most one, not exactly one, at any instant: during a rebalance nobody holds it for a moment, and a member
 * paused for longer than the session timeout (a long GC) learns it lost the lease only at its next poll. Check
 * {@link #isHeld()} right before each unit of work, with cycles longer than the session timeout.
 */
public final class GroupLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupLease.class);

    private final String name;
    private final KafkaClientSettings kafka;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread member;
    private volatile boolean held;
    /** How many times this member has been given the lease: a new term means another may have held it between. */
    private volatile long term;
    private volatile boolean running;

    private GroupLease(String name, KafkaClientSettings kafka, KafkaConsumer<byte[], byte[]> consumer) {
        this.name = name;
        this.kafka = kafka;
        this.consumer = consumer;
        this.member = consumer == null ? null
                : Thread.ofPlatform().name("lease-" + name).daemon().unstarted(this::keepMembership);
        this.running = consumer != null;
    }

    /**
     * Joins the lease's group, creating its topic if needed; returns at once, the lease held or not (Kafka may be
     * down: the member keeps trying, and nobody holds the lease meanwhile).
     *
     * @param sessionTimeout how long a silent holder keeps the lease (Kafka's {@code session.timeout.ms})
     */
    public static GroupLease join(KafkaClientSettings kafka, String name, Duration sessionTimeout) {
        long timeout = sessionTimeout.toMillis();
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.configFor("lease " + name, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "parallax-lease-" + name,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) timeout,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, timeout / 4),
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.max(timeout, 10_000),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        GroupLease lease = new GroupLease(name, kafka, consumer);
        lease.member.start();
        return lease;
    }

    /**
     * A lease this process never holds, for a process that takes no part in the work (a UI whose insights run in
     * the insights service): cycles given it do nothing.
     */
    public static GroupLease none(String name) {
        return new GroupLease(name, null, null);
    }

    static String topic(String name) {
        return "parallax.lease." + name + ".v1";
    }

    /** Whether this process holds the lease now. */
    public boolean isHeld() {
        return held;
    }

    /**
     * The number of times this process has been given the lease (0 before the first). Work that keeps state from
     * an earlier term must catch up first: another process may have held the lease in between.
     */
    public long term() {
        return term;
    }

    /** Creates the lease's topic of one partition unless it exists; false while Kafka cannot be reached. */
    private boolean createTopic() {
        try (Admin admin = Admin.create(kafka.configFor("lease " + name, Map.of()))) {
            admin.createTopics(List.of(new NewTopic(topic(name), 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) return true;
            LOG.warn("lease {}: cannot create its topic yet: {}", name, e.getCause().toString());
            return false;
        } catch (TimeoutException e) {
            LOG.warn("lease {}: Kafka at {} did not answer", name, kafka.bootstrapServers());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void keepMembership() {
        try {
            while (running && !createTopic()) {
                Thread.sleep(2_000);
            }
            consumer.subscribe(List.of(topic(name)), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    release();
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    release();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        term++;
                        held = true;
                        LOG.info("lease {} held", name);
                    }
                }
            });
            // The topic stays empty: polling only keeps the membership (and with it the lease) alive.
            while (running) consumer.poll(Duration.ofMillis(200));
        } catch (WakeupException e) {
            if (running) throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("lease {} lost its group membership: {}", name, e.toString());
        } finally {
            held = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void release() {
        if (held) LOG.info("lease {} released", name);
        held = false;
    }

    /** Leaves the group at once, so another member takes the lease without waiting out the session timeout. */
    @Override
    public void close() {
        if (!running) return;
        held = false;
        running = false;
        consumer.wakeup();
        try {
            member.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
