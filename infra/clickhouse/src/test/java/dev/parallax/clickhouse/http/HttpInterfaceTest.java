package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP interface as a raw client sees it: authentication, refusals, headers, inline data. */
class HttpInterfaceTest {

    private static final String PASSWORD = "s3cret";

    @TempDir
    static Path dir;
    static EmbeddedClickHouse clickhouse;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        clickhouse = EmbeddedClickHouse.builder(dir.resolve("data")).user("parallax").password(PASSWORD).start();
        assertEquals(200, post("", "CREATE TABLE t (a UInt32, s String) ENGINE = MergeTree ORDER BY a").statusCode());
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) clickhouse.stop();
    }

    private static HttpRequest.Builder request(String params) {
        return HttpRequest.newBuilder(URI.create(clickhouse.httpUrl() + "/" + (params.isEmpty() ? "" : "?" + params)));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String params, byte[] body) throws Exception {
        return send(request(params).header("Authorization", basic("parallax", PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static HttpResponse<String> post(String params, String body) throws Exception {
        return post(params, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pingAnswersOk() throws Exception {
        HttpResponse<String> ping = send(HttpRequest.newBuilder(URI.create(clickhouse.httpUrl() + "/ping")).build());
        assertEquals(200, ping.statusCode());
        assertEquals("Ok.\n", ping.body());
    }

    @Test
    void missingOrWrongCredentialsAreRefused() throws Exception {
        HttpResponse<String> none = send(request("").POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build());
        assertEquals(401, none.statusCode());
        assertEquals("516", none.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertTrue(none.body().startsWith("Code: 516. DB::Exception: default: Authentication failed"), none.body());

        HttpResponse<String> wrong = send(request("").header("Authorization", basic("parallax", "guess"))
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build());
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("(AUTHENTICATION_FAILED)"), wrong.body());
    }

    @Test
    void everyWayOfGivingCredentialsWorks() throws Exception {
        HttpRequest.BodyPublisher select = HttpRequest.BodyPublishers.ofString("SELECT currentDatabase()");
        assertEquals(200, send(request("").header("X-ClickHouse-User", "parallax")
                .header("X-ClickHouse-Key", PASSWORD).POST(select).build()).statusCode());
        assertEquals(200, send(request("user=parallax&password=" + PASSWORD).POST(select).build()).statusCode());
    }

    @Test
    void multiStatementBodyIsRefusedAndNothingRuns() throws Exception {
        HttpResponse<String> r = post("", "INSERT INTO t SELECT 999, 'x'; DROP TABLE t");
        assertEquals(400, r.statusCode());
        assertEquals("62", r.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertTrue(r.body().contains("Multi-statements are not allowed"), r.body());
        assertEquals("0\n", post("", "SELECT count() FROM t WHERE a = 999").body());
    }

    @Test
    void successfulResponsesCarryTheHeadersClientsNeed() throws Exception {
        HttpResponse<String> r = send(request("query_id=q-42").header("Authorization", basic("parallax", PASSWORD))
                .header("X-ClickHouse-Format", "JSONEachRow")
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1 AS one")).build());
        assertEquals(200, r.statusCode());
        assertEquals("{\"one\":1}\n", r.body());
        assertEquals("q-42", r.headers().firstValue("X-ClickHouse-Query-Id").orElseThrow());
        assertEquals("JSONEachRow", r.headers().firstValue("X-ClickHouse-Format").orElseThrow());
        assertEquals("UTC", r.headers().firstValue("X-ClickHouse-Timezone").orElseThrow());
        String summary = r.headers().firstValue("X-ClickHouse-Summary").orElseThrow();
        for (String field : new String[]{"read_rows", "read_bytes", "written_rows", "written_bytes",
                "total_rows_to_read", "result_rows", "result_bytes", "elapsed_ns"}) {
            assertTrue(summary.contains("\"" + field + "\":\""), summary);
        }
    }

    @Test
    void inlineDataWithBlankLinesAndBinaryBytesIsInsertedWhole() throws Exception {
        // A String with a blank line inside, in TSV, and the same through the query parameter with RowBinary.
        HttpResponse<String> tsv = post("", "INSERT INTO t FORMAT TabSeparated\n1\tfirst\\n\\nline\n2\tsecond\n");
        assertEquals(200, tsv.statusCode(), tsv.body());
        assertTrue(tsv.headers().firstValue("X-ClickHouse-Summary").orElseThrow().contains("\"written_rows\":\"2\""));

        ByteArrayOutputStream rowBinary = new ByteArrayOutputStream();
        byte[] text = "x\n\ny;DROP TABLE t".getBytes(StandardCharsets.UTF_8);
        rowBinary.writeBytes(new byte[]{3, 0, 0, 0, (byte) text.length});
        rowBinary.writeBytes(text);
        String query = URLEncoder.encode("INSERT INTO t FORMAT RowBinary", StandardCharsets.UTF_8);
        assertEquals(200, post("query=" + query, rowBinary.toByteArray()).statusCode());

        assertEquals("1\tfirst\\n\\nline\n2\tsecond\n3\tx\\n\\ny;DROP TABLE t\n",
                post("", "SELECT a, s FROM t WHERE a BETWEEN 1 AND 3 ORDER BY a").body());
    }

    @Test
    void queryParametersAndSettingsComeFromTheUrl() throws Exception {
        assertEquals("42\n", post("param_x=41", "SELECT {x:UInt32} + 1").body());
        assertEquals("7\n", post("max_execution_time=7",
                "SELECT value FROM system.settings WHERE name = 'max_execution_time'").body());
        assertEquals(FrontLimits.DEFAULTS.maxExecutionTime().toSeconds() + "\n",
                post("", "SELECT value FROM system.settings WHERE name = 'max_execution_time'").body(),
                "a statement without its own limit gets the front's");
        HttpResponse<String> unknown = post("no_such_setting=1", "SELECT 1");
        assertEquals(404, unknown.statusCode());
        assertEquals("115", unknown.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertEquals("1\n", post("", "SELECT 1").body(), "a refused setting leaves the connection usable");
    }

    @Test
    void databaseComesFromParameterOrHeader() throws Exception {
        assertEquals(200, post("", "CREATE DATABASE IF NOT EXISTS other").statusCode());
        assertEquals("other\n", post("database=other", "SELECT currentDatabase()").body());
        assertEquals("other\n", send(request("").header("Authorization", basic("parallax", PASSWORD))
                .header("X-ClickHouse-Database", "other")
                .POST(HttpRequest.BodyPublishers.ofString("SELECT currentDatabase()")).build()).body());
        assertEquals("default\n", post("", "SELECT currentDatabase()").body());
        assertEquals(404, post("database=nowhere", "SELECT 1").statusCode());
    }

    @Test
    void compressedTransferIsRefusedWithAHint() throws Exception {
        HttpResponse<String> r = post("compress=1", "SELECT 1");
        assertEquals(501, r.statusCode());
        assertTrue(r.body().contains("compress=false"), r.body());
    }
}
