package dev.parallax.clickhouse.http;

import com.sun.net.httpserver.Headers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a ClickHouse HTTP request asks for, read from its URL parameters and headers the way a server reads them.
 *
 * <p>URL parameters are either the interface's own (query, database, credentials, query_id, ...), query
 * parameters ({@code param_<name>}), or ClickHouse settings, which apply to this request only.
 *
 * @param user       who the request claims to be ("default" when it says nothing)
 * @param password   the password it gives ("" when none)
 * @param query      the {@code query} URL parameter, or "" (then the whole body is the query)
 * @param database   {@code database} parameter, else {@code X-ClickHouse-Database}, else "default"
 * @param format     output format: {@code default_format}, else {@code X-ClickHouse-Format}, else TabSeparated
 * @param queryId    {@code query_id}, else {@code X-ClickHouse-Query-Id}, else a fresh UUID
 * @param settings   ClickHouse settings from the URL
 * @param parameters {@code param_<name>} values by name
 * @param compressed whether the client asked for ClickHouse-compressed request or response bodies
 */
record ClickHouseRequest(String user, String password, String query, String database, String format,
                         String queryId, Map<String, String> settings, Map<String, String> parameters,
                         boolean compressed) {

    static final String DEFAULT_FORMAT = "TabSeparated";

    /**
     * Parameters a server treats as part of the HTTP interface rather than settings. {@code session_*}: requests
     * never share a session here (see {@link QueryHandler}), so those are accepted and ignored.
     */
    private static final Set<String> INTERFACE_PARAMETERS = Set.of(
            "query", "database", "default_format", "user", "password", "quota_key", "query_id", "stacktrace",
            "role", "buffer_size", "wait_end_of_query", "session_id", "session_timeout", "session_check",
            "client_protocol_version", "close_session", "compress", "decompress");

    static ClickHouseRequest of(String rawQuery, Headers headers) {
        Map<String, String> url = parseQueryString(rawQuery);
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        url.forEach((name, value) -> {
            if (name.startsWith("param_")) {
                parameters.put(name.substring("param_".length()), value);
            } else if (!INTERFACE_PARAMETERS.contains(name)) {
                settings.put(name, value);
            }
        });

        String user = "default";
        String password = "";
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = decodeBasic(authorization.substring(6).trim());
            int colon = decoded.indexOf(':');
            user = colon < 0 ? decoded : decoded.substring(0, colon);
            password = colon < 0 ? "" : decoded.substring(colon + 1);
        } else if (headers.getFirst("X-ClickHouse-User") != null) {
            user = headers.getFirst("X-ClickHouse-User");
            password = nonNull(headers.getFirst("X-ClickHouse-Key"));
        } else if (url.containsKey("user")) {
            user = url.get("user");
            password = nonNull(url.get("password"));
        }

        String database = firstNonBlank(url.get("database"), headers.getFirst("X-ClickHouse-Database"), "default");
        String format = firstNonBlank(url.get("default_format"), headers.getFirst("X-ClickHouse-Format"),
                DEFAULT_FORMAT);
        String queryId = firstNonBlank(url.get("query_id"), headers.getFirst("X-ClickHouse-Query-Id"),
                UUID.randomUUID().toString());
        boolean compressed = isTrue(url.get("compress")) || isTrue(url.get("decompress"));
        return new ClickHouseRequest(user, password, nonNull(url.get("query")), database, format, queryId,
                Map.copyOf(settings), Map.copyOf(parameters), compressed);
    }

    private static Map<String, String> parseQueryString(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return values;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.put(name, value);
        }
        return values;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String decodeBasic(String encoded) {
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String firstNonBlank(String... candidates) {
        for (String c : candidates) if (c != null && !c.isBlank()) return c;
        throw new IllegalArgumentException("no candidate");
    }
}
