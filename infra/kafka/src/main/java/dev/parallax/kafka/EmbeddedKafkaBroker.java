package dev.parallax.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.process.LocalPorts;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running inside this JVM, with the Parallax
 * topics created up front.
 *
 * <p>Its data directory survives restarts: a directory formatted once keeps its cluster id, so stopping and
 * starting the broker on the same directory keeps every topic and record. Starting it takes 2-5 s.
 *
 * <p>By default clients connect in plaintext without signing in. {@link Builder#saslSsl} makes the client listener
 * a secured cluster's: TLS with a certificate authority generated at each start, and SASL/SCRAM-SHA-512 with one
 * user; {@link #clientSettings()} then holds what a client needs to connect.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String NODE_ID = "1";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final List<TopicSpec> topics;
    private final ScramUser user;
    private KafkaRaftServer server;
    private BrokerCertificates certificates;

    private EmbeddedKafkaBroker(Builder builder) {
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.port = builder.port == 0 ? LocalPorts.free() : builder.port;
        this.controllerPort = builder.controllerPort == 0 ? LocalPorts.free() : builder.controllerPort;
        this.topics = List.copyOf(builder.topics);
        this.user = builder.user;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Formats the data directory if it is new, starts the broker and creates the missing topics. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) return this;
        if (user != null) certificates = BrokerCertificates.generate(dataDir.resolve("tls"));
        KafkaConfig config = KafkaConfig.fromProps(properties(), false);
        format();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        createTopics();
        return this;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * What a client needs to connect: the bootstrap servers and, for a secured broker, its security settings with
     * the user's credentials. A secured broker's certificate authority is new at each start.
     */
    public synchronized KafkaClientSettings clientSettings() {
        KafkaClientSettings plaintext = KafkaClientSettings.of(bootstrapServers());
        if (user == null) return plaintext;
        if (certificates == null) throw new IllegalStateException("a secured broker has credentials once started");
        return plaintext.with("security.protocol", "SASL_SSL")
                .with("sasl.mechanism", ScramUser.MECHANISM)
                .with("sasl.jaas.config", user.jaasConfig())
                .with("ssl.truststore.type", "PEM")
                .with("ssl.truststore.location", certificates.caPem().toString());
    }

    /** Stops the broker cleanly; its data stays for the next start. */
    public synchronized void stop() {
        if (server == null) return;
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", NODE_ID);
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        String listener = user == null ? "PLAINTEXT" : "SASL_SSL";
        props.put("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", listener + "://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", listener);
        if (user != null) {
            // The broker signs in to itself as the one user; its SCRAM credential is written when the storage is
            // formatted. The controller listener stays plaintext on loopback: it serves no client request.
            props.put("sasl.enabled.mechanisms", ScramUser.MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", ScramUser.MECHANISM);
            props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", user.jaasConfig());
            props.put("ssl.keystore.type", "PKCS12");
            props.put("ssl.keystore.location", certificates.brokerKeyStore().toString());
            props.put("ssl.keystore.password", certificates.keyStorePassword());
            props.put("ssl.truststore.type", "PEM");
            props.put("ssl.truststore.location", certificates.caPem().toString());
        }
        props.put("log.dirs", logDir().toString());
        // One node: every internal topic has one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created up front: a typo in a topic name fails loudly instead of creating a new topic.
        props.put("auto.create.topics.enable", "false");
        // Room for a full-size event (1 MiB cap in the codec) plus batch overhead.
        props.put("message.max.bytes", String.valueOf(2 * 1024 * 1024));
        return props;
    }

    private Path logDir() {
        return dataDir.resolve("kraft-logs");
    }

    private void format() {
        try {
            Files.createDirectories(logDir());
            if (Files.exists(logDir().resolve("meta.properties"))) return;
            new Formatter()
                    // Its summary of a secured broker lists the SCRAM credential's keys.
                    .setPrintStream(user == null ? System.out : new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(Integer.parseInt(NODE_ID))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir().toString()))
                    .setMetadataLogDirectory(logDir().toString())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName("CONTROLLER")
                    .setIgnoreFormatted(true)
                    .setScramArguments(user == null ? List.of() : List.of(user.formatArgument()))
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data directory " + logDir(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Until every partition has its leader, after a restart too. A producer that wrote before that, on a loaded machine,
     * was answered NOT_LEADER_OR_FOLLOWER for a write that had been appended, then retried into
     * OutOfOrderSequenceException for as long as it ran.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!leadersOfAll(admin, names)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("no leader for every partition of " + names);
            Thread.sleep(50);
        }
    }

    /**
     * Whether every partition of {@code names} has its leader. A topic just created may be unknown to the broker a
     * moment longer (the controller has it, the broker's metadata not yet): not yet, then, rather than a failure.
     */
    private static boolean leadersOfAll(Admin admin, List<String> names) throws Exception {
        try {
            return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) return false;
            throw e;
        }
    }

    private void createTopics() {
        try (Admin admin = Admin.create(clientSettings().configFor("embedded broker's topic set-up", Map.of()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Map<ConfigResource, Collection<AlterConfigOp>> upgrades = new HashMap<>();
            for (TopicSpec topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.configs()));
                } else {
                    // An installation made before a config was added gets it too.
                    upgrades.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), topic.configs().entrySet().stream()
                            .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                            .toList());
                }
            }
            if (!upgrades.isEmpty()) admin.incrementalAlterConfigs(upgrades).all().get(30, TimeUnit.SECONDS);
            for (var result : admin.createTopics(missing).values().values()) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
            awaitLeaders(admin, topics.stream().map(TopicSpec::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers() + ": " + e.getMessage(), e);
        }
    }


    /** A topic to create at start, with its partition count and topic-level configs. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {
        public TopicSpec {
            Objects.requireNonNull(name);
            if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1 for " + name);
            configs = Map.copyOf(configs);
        }
    }

    /** A SCRAM user: the broker's own identity and its clients'. */
    private record ScramUser(String name, String password) {
        static final String MECHANISM = "SCRAM-SHA-512";

        ScramUser {
            if (!(name + password).matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("SCRAM user names and passwords here are letters, digits, - and _");
            }
        }

        String jaasConfig() {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + name
                    + "\" password=\"" + password + "\";";
        }

        String formatArgument() {
            return MECHANISM + "=[name=" + name + ",password=" + password + "]";
        }
    }

    public static final class Builder {
        private final Path dataDir;
        private int port;
        private int controllerPort;
        private final List<TopicSpec> topics = new ArrayList<>();
        private ScramUser user;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir);
        }

        /** Client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        public Builder topics(List<TopicSpec> topics) {
            this.topics.addAll(topics);
            return this;
        }

        /**
         * Clients connect over TLS and sign in with SASL/SCRAM-SHA-512 as this user (letters, digits, - and _; for
         * example {@link dev.parallax.config.Secrets#random}). The user is created when the data directory is
         * formatted, so a restart on the same directory takes the same credentials.
         */
        public Builder saslSsl(String userName, String password) {
            this.user = new ScramUser(userName, password);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }
    }
}
