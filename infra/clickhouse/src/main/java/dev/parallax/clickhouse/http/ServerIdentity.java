package dev.parallax.clickhouse.http;

import com.sun.net.httpserver.Headers;

/** The headers by which every response names the server, the query, and the timezone of its DateTime output. */
record ServerIdentity(String displayName, String timezone) {

    void addTo(Headers headers, String queryId) {
        headers.set("X-ClickHouse-Server-Display-Name", displayName);
        headers.set("X-ClickHouse-Query-Id", queryId);
        headers.set("X-ClickHouse-Timezone", timezone);
    }
}
