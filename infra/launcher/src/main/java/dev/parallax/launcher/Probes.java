package dev.parallax.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.GroupState;

/** Health probes of the stack's services. */
final class Probes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Probes() {
    }

    /** True once the URL answers 200. */
    static Callable<Boolean> httpOk(String url) {
        return () -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** True while the process runs: for a service with nothing to ask, like the simulator. */
    static Callable<Boolean> running() {
        return () -> true;
    }

    /** True once the consumer group has settled: its members have their partitions and are processing. */
    static Callable<Boolean> consumerGroupStable(String bootstrap, String groupId) {
        return () -> {
            try (Admin admin = admin(bootstrap)) {
                return admin.describeConsumerGroups(List.of(groupId)).all().get(3, TimeUnit.SECONDS)
                        .get(groupId).groupState() == GroupState.STABLE;
            }
        };
    }

    /** True once the broker answers and has every topic named. */
    static Callable<Boolean> kafkaTopics(String bootstrap, Set<String> topics) {
        return () -> {
            try (Admin admin = admin(bootstrap)) {
                return admin.listTopics().names().get(3, TimeUnit.SECONDS).containsAll(topics);
            }
        };
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
    }
}
