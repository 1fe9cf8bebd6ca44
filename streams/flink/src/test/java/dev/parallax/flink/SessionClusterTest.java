package dev.parallax.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Topics;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.JvmProcess;
import dev.parallax.process.LocalPorts;
import dev.parallax.process.Readiness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a standalone Flink session cluster rather than a MiniCluster: a JobManager and a TaskManager, each
 * in its own JVM started at the entry points Flink's scripts run, from Maven Central's Flink artifacts; the job
 * submitted to the cluster's REST endpoint (as {@code flink run} does), its state and Kafka transactions in the
 * TaskManager. A bounded run over a small log: every inference in a latency window, the bad records as dead
 * letters, and the cluster reports the job finished.
 */
class SessionClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 20;

    @Test
    void theJobRunsOnAJobManagerAndTaskManagerOfTheirOwn(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).topics(ParallaxTopics.all(1))
                .build().start()) {
            ParallaxConfig config = ParallaxConfig.of(Map.of(ParallaxConfig.HOME, dir.resolve("home").toString(),
                    ParallaxConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers()));
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                EventLog.produce(producer, EVENTS, 1_000);
            }

            int restPort = LocalPorts.free();
            int rpcPort = LocalPorts.free();
            while (rpcPort == restPort) rpcPort = LocalPorts.free();
            Path conf = Files.createDirectories(dir.resolve("flink-conf"));
            Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                    "jobmanager.rpc.address: 127.0.0.1",
                    "jobmanager.rpc.port: " + rpcPort,
                    "jobmanager.bind-host: 127.0.0.1",
                    "jobmanager.memory.process.size: 768m",
                    "rest.address: 127.0.0.1",
                    "rest.bind-address: 127.0.0.1",
                    "rest.port: " + restPort,
                    "taskmanager.host: 127.0.0.1",
                    "taskmanager.bind-host: 127.0.0.1",
                    "taskmanager.numberOfTaskSlots: 1",
                    // What Flink's taskmanager.sh works out from the process size and passes on: the TaskManager's
                    // own entry point requires each part.
                    "taskmanager.cpu.cores: 1",
                    "taskmanager.memory.framework.heap.size: 128m",
                    "taskmanager.memory.framework.off-heap.size: 128m",
                    "taskmanager.memory.jvm-metaspace.size: 256m",
                    "taskmanager.memory.jvm-overhead.min: 192m",
                    "taskmanager.memory.jvm-overhead.max: 192m",
                    "taskmanager.memory.task.heap.size: 256m",
                    "taskmanager.memory.task.off-heap.size: 0m",
                    "taskmanager.memory.managed.size: 64m",
                    "taskmanager.memory.network.min: 64m",
                    "taskmanager.memory.network.max: 64m",
                    ""));
            JvmProcess jobManager = cluster("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    "jobmanager", conf, dir);
            JvmProcess taskManager = cluster("org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    "taskmanager", conf, dir);
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI overview = URI.create("http://127.0.0.1:" + restPort + "/overview");
                Readiness.await("a session cluster with a TaskManager", Duration.ofSeconds(120), () -> {
                    if (!jobManager.isAlive() || !taskManager.isAlive()) {
                        throw new Readiness.GaveUp("a cluster process exited: " + tail(dir.resolve("jobmanager.log"))
                                + "\n---\n" + tail(dir.resolve("taskmanager.log")));
                    }
                    try {
                        return JSON.readTree(http.send(HttpRequest.newBuilder(overview).build(),
                                HttpResponse.BodyHandlers.ofString()).body()).path("taskmanagers").asInt() == 1;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });

                JobSettings settings = JobSettings.from(config).toBuilder().checkpointInterval(Duration.ofMillis(500))
                        .ids("flink-session", "flink-session").build();
                // The job's classes are on the cluster's classpath here, so no jar travels with it.
                StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1",
                        restPort, AnalyticsJob.configuration(settings));
                KafkaClientSettings clients = KafkaClientSettings.from(config);
                AnalyticsJob.derive(AnalyticsJob.read(env, AnalyticsJob.source(clients, settings)
                                .setStartingOffsets(OffsetsInitializer.earliest())
                                .setBounded(OffsetsInitializer.latest()).build(), settings), settings)
                        .sinkTo(AnalyticsJob.sink(clients, settings));
                String jobId = env.execute("parallax-session").getJobID().toHexString();

                JsonNode job = JSON.readTree(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + restPort + "/jobs/" + jobId)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertEquals("FINISHED", job.path("state").asText(), job.toString());

                Map<String, JsonNode> windows = newestByKey(kafka, Topics.LATENCY);
                long counted = windows.values().stream().mapToLong(row -> row.path("count").asLong()).sum();
                assertEquals(3L * EVENTS + EventLog.UPLOADED + EventLog.AHEAD, counted, "each inference once in a window");
                assertTrue(newestByKey(kafka, Topics.DEAD_LETTER).size() >= EventLog.BAD_RECORDS, "the bad records");
            } finally {
                taskManager.stop(Duration.ofSeconds(10));
                jobManager.stop(Duration.ofSeconds(10));
            }
        }
    }

    private static JvmProcess cluster(String mainClass, String name, Path conf, Path dir) throws Exception {
        return JvmProcess.builder(mainClass).name(name)
                .jvmArgs("-Xmx512m", "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC")
                .args("--configDir", conf.toString())
                .logFile(dir.resolve(name + ".log")).start();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (java.io.IOException e) {
            return "(no " + log.getFileName() + ")";
        }
    }

    /** The committed records of {@code topic}, the newest per key. */
    private static Map<String, JsonNode> newestByKey(EmbeddedKafkaBroker kafka, String topic) throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    rows.put(new String(record.key(), StandardCharsets.UTF_8), JSON.readTree(record.value()));
                }
            }
        }
        return rows;
    }
}
