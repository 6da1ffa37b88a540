package io.neuroquantum.bench.m1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls of the storage API the milestone demo makes, over HTTP/1.1 with the admin key.
 * A status other than the expected one is a {@link ServiceError} (status and body); a broken
 * connection is an {@link IOException}.
 */
final class StorageClient implements AutoCloseable {

    /** The service answered, but not as expected (a 4xx or 5xx, or a malformed answer). */
    static final class ServiceError extends RuntimeException {
        final int status;
        final String body;

        ServiceError(String message, int status) {
            this(message, status, "");
        }

        ServiceError(String message, int status, String body) {
            super(message);
            this.status = status;
            this.body = body;
        }

        /** 409 lock-conflict (deadlock victim or lock wait timeout): rolled back, may be retried. */
        boolean retryable() {
            return status == 409 && body.contains("lock-conflict");
        }
    }

    /** A scan's outcome: rows received, and the service's own count (-1 if it sent no {@code done} line). */
    record ScanResult(long rows, long reportedRowCount, long millis) {
        boolean doneLineSeen() {
            return reportedRowCount >= 0;
        }
    }

    /** Receives the rows of a scan, one JSON array per row. */
    interface RowSink {
        void row(JsonNode row);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String auth;
    private final HttpClient http;
    private final Duration timeout;

    StorageClient(int port, String adminKey, Duration timeout) {
        this.base = "http://127.0.0.1:" + port + "/api/v1/tables";
        this.auth = "Bearer " + adminKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", auth).header("Content-Type", "application/json");
    }

    private HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new ServiceError(what + ": HTTP " + r.statusCode() + " (expected " + status + "): "
                    + abbreviate(r.body()), r.statusCode(), r.body());
        }
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "...";
    }

    /** POST /api/v1/tables. */
    void createTable(String definitionJson) throws IOException, InterruptedException {
        expect(send(request("").POST(HttpRequest.BodyPublishers.ofString(definitionJson)).build()), 201, "create table");
    }

    /** POST /api/v1/tables/{t}/rows: one transaction; the rowCount the service reports. */
    long insert(String table, String rowsJson) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request("/" + table + "/rows")
                .POST(HttpRequest.BodyPublishers.ofString("{\"rows\":" + rowsJson + "}")).build());
        JsonNode body = expect(r, 200, "insert into " + table);
        if (body == null || !body.has("rowCount")) {
            throw new ServiceError("insert into " + table + ": no rowCount in " + abbreviate(r.body()), 200);
        }
        return body.get("rowCount").asLong();
    }

    /** GET /api/v1/tables/{t}/rows/{key}: the row as {column: value}, or null on 404. */
    JsonNode get(String table, long key) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request("/" + table + "/rows/" + key).GET().build());
        if (r.statusCode() == 404) {
            return null;
        }
        return expect(r, 200, "get " + table + "/" + key);
    }

    /**
     * POST /api/v1/tables/{t}/scan with {@code requestJson}, streaming: every row to {@code sink}
     * as it arrives. An {@code {"error":...}} line is a {@link ServiceError}; a {@code done} line
     * whose rowCount differs from the rows received is one too.
     */
    ScanResult scan(String table, String requestJson, RowSink sink) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = http.send(request("/" + table + "/scan")
                .POST(HttpRequest.BodyPublishers.ofString(requestJson)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body();
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            if (r.statusCode() != 200) {
                StringBuilder body = new StringBuilder();
                for (String l; (l = lines.readLine()) != null; ) {
                    body.append(l);
                }
                throw new ServiceError("scan " + table + ": HTTP " + r.statusCode() + ": " + abbreviate(body.toString()),
                        r.statusCode());
            }
            long rows = 0;
            long reported = -1;
            boolean header = false;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                if (reported >= 0) {
                    throw new ServiceError("scan " + table + ": a line after the done line: " + abbreviate(line), 200);
                }
                JsonNode n = JSON.readTree(line);
                if (!header) {
                    if (!n.has("columns")) {
                        throw new ServiceError("scan " + table + ": first line is not a header: " + abbreviate(line), 200);
                    }
                    header = true;
                } else if (n.has("rows")) {
                    for (JsonNode row : n.get("rows")) {
                        sink.row(row);
                        rows++;
                    }
                } else if (n.has("done")) {
                    reported = n.get("rowCount").asLong();
                } else if (n.has("error")) {
                    throw new ServiceError("scan " + table + " failed after " + rows + " rows: " + abbreviate(line), 200);
                } else {
                    throw new ServiceError("scan " + table + ": unexpected line " + abbreviate(line), 200);
                }
            }
            if (reported >= 0 && reported != rows) {
                throw new ServiceError("scan " + table + ": done line says rowCount " + reported + " but " + rows
                        + " rows arrived", 200);
            }
            return new ScanResult(rows, reported, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
        try {
            http.awaitTermination(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
