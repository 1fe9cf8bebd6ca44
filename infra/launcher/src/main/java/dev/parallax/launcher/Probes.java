package dev.parallax.launcher;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.process.HealthFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.GroupState;

/**
 * Health probes of the stack's services: each answers true only when its service does its work (the UI serves its
 * JavaScript, the job is RUNNING, the sink writes), not merely when its process lives or a port answers. A probe that
 * knows why it fails throws, and the message is what {@code ./parallax status} shows.
 */
final class Probes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /**
     * The JavaScript a Vaadin page in production mode loads, under VAADIN/build/: its module script (a few bytes that
     * import the rest) and the modules it preloads (the bundle itself, ~400 kB, which a probe fetches in ~15 ms).
     */
    private static final Pattern SCRIPT = Pattern.compile(
            "(?:<script[^>]*\\ssrc|<link[^>]*rel=\"modulepreload\"[^>]*\\shref)=\"([^\"]+\\.js)\"");

    private Probes() {
    }

    /** True once the URL answers 200. */
    static Callable<Boolean> httpOk(String url) {
        return () -> HTTP.send(get(url), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build();
    }

    /**
     * True once the page answers and every JavaScript file it loads arrives whole and non-empty. A UI whose jar was
     * rewritten under it answered the page with 200 and its bundle with 200, a Content-Length and no body.
     */
    static Callable<Boolean> uiServesBundle(String pageUrl) {
        return () -> {
            HttpResponse<String> page = HTTP.send(get(pageUrl), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) throw new IllegalStateException(pageUrl + " answered " + page.statusCode());
            Matcher scripts = SCRIPT.matcher(page.body());
            int count = 0;
            while (scripts.find()) {
                count++;
                String url = URI.create(pageUrl).resolve(scripts.group(1)).toString();
                HttpResponse<byte[]> script = HTTP.send(get(url), HttpResponse.BodyHandlers.ofByteArray());
                long declared = script.headers().firstValueAsLong("Content-Length").orElse(script.body().length);
                if (script.statusCode() != 200 || script.body().length == 0 || script.body().length != declared) {
                    throw new IllegalStateException(url + " answered " + script.statusCode() + " with "
                            + script.body().length + " of " + declared + " bytes");
                }
            }
            if (count == 0) throw new IllegalStateException(pageUrl + " loads no JavaScript bundle");
            return true;
        };
    }

    /** True once ClickHouse answers a query (not only its ping) for this user. */
    static Callable<Boolean> clickhouseAnswers(String url, String user, String password) {
        return () -> {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(TIMEOUT)
                    .header("X-ClickHouse-User", user).header("X-ClickHouse-Key", password)
                    .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || !answer.body().strip().equals("1")) {
                throw new IllegalStateException("SELECT 1 answered " + answer.statusCode() + ": " + answer.body().strip());
            }
            return true;
        };
    }

    /**
     * True while the service's own report (its {@link HealthFile}) says {@code state}, and, with a
     * {@code maxAge}, was made within it: a service that reports on every turn of its loop and stopped reporting is
     * stuck.
     */
    static Callable<Boolean> reports(Path home, String service, String state, Duration maxAge) {
        return () -> {
            HealthFile.Report report = HealthFile.read(home, service)
                    .orElseThrow(() -> new IllegalStateException("has not reported yet"));
            if (!report.state().equals(state)) throw new IllegalStateException("reports " + report.state());
            if (maxAge != null && report.at().isBefore(Instant.now().minus(maxAge))) {
                throw new IllegalStateException("last reported " + report.state() + " at " + report.at());
            }
            return true;
        };
    }

    /** True when every probe is. */
    static Callable<Boolean> all(List<Callable<Boolean>> probes) {
        return () -> {
            for (Callable<Boolean> probe : probes) {
                if (!Boolean.TRUE.equals(probe.call())) return false;
            }
            return true;
        };
    }

    /** True while the process runs: for a service with nothing to ask, like the simulator. */
    static Callable<Boolean> running() {
        return () -> true;
    }

    /** True once the consumer group has settled: its members have their partitions and are processing. */
    static Callable<Boolean> consumerGroupStable(KafkaClientSettings kafka, String groupId) {
        Map<String, Object> config = adminConfig(kafka);
        return () -> {
            try (Admin admin = Admin.create(config)) {
                GroupState state = admin.describeConsumerGroups(List.of(groupId)).all().get(3, TimeUnit.SECONDS)
                        .get(groupId).groupState();
                if (state != GroupState.STABLE) throw new IllegalStateException("consumer group " + groupId + " is " + state);
                return true;
            }
        };
    }

    /** True once the broker answers and has every topic named. */
    static Callable<Boolean> kafkaTopics(KafkaClientSettings kafka, Set<String> topics) {
        Map<String, Object> config = adminConfig(kafka);
        return () -> {
            try (Admin admin = Admin.create(config)) {
                return admin.listTopics().names().get(3, TimeUnit.SECONDS).containsAll(topics);
            }
        };
    }

    private static Map<String, Object> adminConfig(KafkaClientSettings kafka) {
        return kafka.configFor("launcher's probe", Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
    }
}
