package io.neuroquantum.bench.http;

import io.neuroquantum.bench.m1.ServiceProcess;

import io.neuroquantum.bench.BenchFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storage-service HTTP API as the suite uses it: DDL, a row count, batch inserts
 * ({@code POST /api/v1/tables/{t}/rows}, one durable transaction per call) and point gets
 * ({@code GET /api/v1/tables/{t}/rows/{id}}), over {@link HttpConnection}s (or, for the point
 * get with {@code --http-client jdk}, over {@code java.net.http.HttpClient}).
 */
final class NqApi implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final ServiceProcess service;
    private final HttpConnection admin;
    private final HttpConnection.RequestBuilder rb;
    /** Answers that were right but not byte for byte what the suite predicted (checked field by field). */
    final AtomicLong nonCanonical = new AtomicLong();

    NqApi(ServiceProcess service) throws IOException {
        this.service = service;
        this.admin = new HttpConnection("127.0.0.1", service.port());
        this.rb = new HttpConnection.RequestBuilder(admin.hostHeader(), service.adminKey());
    }

    private JsonNode call(String method, String path, String body, int expect) throws IOException {
        rb.start().ascii(method + " " + path);
        if (body == null) {
            rb.endHead();
        } else {
            rb.jsonBody(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = admin.exchange(rb.array(), rb.length());
        if (status != expect) {
            throw new IOException(method + " " + path + ": HTTP " + status + " (expected " + expect + "): "
                    + admin.bodyText());
        }
        return admin.bodyLength() == 0 ? null : JSON.readTree(admin.body(), 0, admin.bodyLength());
    }

    void createTable(String table) throws IOException {
        call("POST", "/api/v1/tables", "{\"name\":\"" + table + "\",\"columns\":["
                + "{\"name\":\"id\",\"type\":\"BIGINT\",\"nullable\":false},"
                + "{\"name\":\"k\",\"type\":\"INT\"},"
                + "{\"name\":\"v\",\"type\":\"VARCHAR(100)\"}],\"primaryKey\":[\"id\"]}", 201);
    }

    void dropTable(String table) throws IOException {
        call("DELETE", "/api/v1/tables/" + table, null, 204);
    }

    /** Rows in the table: a scan whose filter ({@code k < 0}) matches none, so every row is scanned, none sent. */
    long count(String table) throws IOException {
        rb.start().ascii("POST /api/v1/tables/" + table + "/scan")
                .jsonBody("{\"columns\":[\"id\"],\"where\":{\"op\":\"lt\",\"column\":\"k\",\"value\":0}}"
                        .getBytes(StandardCharsets.UTF_8));
        int status = admin.exchange(rb.array(), rb.length());
        if (status != 200) {
            throw new IOException("scan " + table + ": HTTP " + status + ": " + admin.bodyText());
        }
        String[] lines = admin.bodyText().strip().split("\n");
        JsonNode end = JSON.readTree(lines[lines.length - 1]);
        if (!end.path("done").asBoolean(false)) {
            throw new IOException("scan " + table + " did not end with done: " + lines[lines.length - 1]);
        }
        if (end.get("rowCount").asLong() != 0) {
            throw new BenchFailure("scan " + table + " where k < 0 returned " + end.get("rowCount") + " rows; every k"
                    + " is >= 0");
        }
        return end.get("scanned").asLong();
    }

    /** A loader on a connection of its own: one POST (one durable transaction) per batch. */
    final class Loader implements AutoCloseable {
        private final HttpConnection conn = new HttpConnection("127.0.0.1", service.port());
        private final HttpConnection.RequestBuilder req =
                new HttpConnection.RequestBuilder(conn.hostHeader(), service.adminKey());

        Loader() throws IOException {
        }

        long insert(String table, byte[] body, int rows) throws IOException {
            req.start().ascii("POST /api/v1/tables/" + table + "/rows").jsonBody(body);
            int status = conn.exchange(req.array(), req.length());
            if (status != 200) {
                throw new IOException("insert into " + table + ": HTTP " + status + ": " + conn.bodyText());
            }
            long n = JSON.readTree(conn.body(), 0, conn.bodyLength()).get("rowCount").asLong();
            if (n != rows) {
                throw new BenchFailure("insert of " + rows + " rows into " + table + " reported rowCount " + n);
            }
            return n;
        }

        @Override
        public void close() {
            conn.close();
        }
    }

    /** A point-get client on a keep-alive {@link HttpConnection} of its own. */
    final class RawGet implements ClosedLoop.Caller {
        private final HttpConnection conn = new HttpConnection("127.0.0.1", service.port(), 0);
        private final HttpConnection.RequestBuilder req =
                new HttpConnection.RequestBuilder(conn.hostHeader(), service.adminKey());
        private final byte[] prefix;
        private final byte[] expected = new byte[BenchRows.MAX_ROW_BYTES + 32];

        RawGet(String table) throws IOException {
            prefix = ("GET /api/v1/tables/" + table + "/rows/").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void call(long key) throws IOException {
            req.start().bytes(prefix).decimal(key).endHead();
            int status = conn.exchange(req.array(), req.length());
            if (status != 200) {
                throw new BenchFailure("GET row " + key + ": HTTP " + status + ": " + conn.bodyText());
            }
            check(key, conn.body(), conn.bodyLength(), expected);
        }

        @Override
        public void close() {
            conn.close();
        }
    }

    /** A point-get client through {@code java.net.http.HttpClient} (HTTP/1.1, its keep-alive pool). */
    final class JdkGet implements ClosedLoop.Caller {
        private final HttpClient client;
        private final String base;
        private final byte[] expected = new byte[BenchRows.MAX_ROW_BYTES + 32];

        JdkGet(HttpClient client, String table) {
            this.client = client;
            this.base = "http://127.0.0.1:" + service.port() + "/api/v1/tables/" + table + "/rows/";
        }

        @Override
        public void call(long key) throws Exception {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + key)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + service.adminKey()).GET().build();
            HttpResponse<byte[]> resp = client.send(r, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) {
                throw new BenchFailure("GET row " + key + ": HTTP " + resp.statusCode() + ": "
                        + new String(resp.body(), StandardCharsets.UTF_8));
            }
            check(key, resp.body(), resp.body().length, expected);
        }
    }

    static HttpClient jdkClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Checks a point get's body for {@code key}: byte for byte against the predicted JSON (cheap);
     * if that differs, field by field (a right answer in another layout is counted, not failed).
     */
    private void check(long key, byte[] body, int length, byte[] expected) {
        int n = BenchRows.putJsonObject(expected, 0, key);
        if (Arrays.equals(body, 0, length, expected, 0, n)) {
            return;
        }
        JsonNode row;
        try {
            row = JSON.readTree(body, 0, length);
        } catch (RuntimeException e) {
            throw new BenchFailure("GET row " + key + ": not JSON: " + new String(body, 0, length, StandardCharsets.UTF_8));
        }
        if (row == null || row.size() != 3 || !row.path("id").canConvertToLong() || row.path("id").asLong() != key
                || !row.path("k").isNumber() || row.path("k").asLong() != BenchRows.k(key)
                || !BenchRows.v(key).equals(row.path("v").asString(null))) {
            throw new BenchFailure("GET row " + key + " answered " + new String(body, 0, length, StandardCharsets.UTF_8)
                    + ", expected " + new String(expected, 0, n, StandardCharsets.UTF_8));
        }
        nonCanonical.incrementAndGet();
    }

    @Override
    public void close() {
        admin.close();
    }
}
