package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.EmbeddedClickHouse;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A raw HTTP client of the front, as tests need it: URL parameters, a body, the answer as text. */
final class FrontClient {

    private final EmbeddedClickHouse clickhouse;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FrontClient(EmbeddedClickHouse clickhouse) {
        this.clickhouse = clickhouse;
    }

    HttpRequest.Builder request(String params) {
        String auth = clickhouse.user() + ":" + clickhouse.password();
        return HttpRequest.newBuilder(URI.create(clickhouse.httpUrl() + "/" + (params.isEmpty() ? "" : "?" + params)))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String params, byte[] body) throws Exception {
        return send(request(params).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpResponse<String> post(String params, String sql) throws Exception {
        return post(params, sql.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String sql) throws Exception {
        return post("", sql);
    }

    /** The answer's body, failing unless it is 200. */
    String query(String sql) throws Exception {
        HttpResponse<String> r = post(sql);
        if (r.statusCode() != 200) throw new AssertionError(sql + " -> " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    static String code(HttpResponse<String> r) {
        return r.headers().firstValue("X-ClickHouse-Exception-Code").orElse("");
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
