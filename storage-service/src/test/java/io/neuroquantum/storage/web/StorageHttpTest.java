package io.neuroquantum.storage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neuroquantum.storage.StorageServiceApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The storage API end to end over real HTTP: DDL, CRUD, transactions, scans with pushdown, the change feed. */
@SpringBootTest(classes = StorageServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorageHttpTest {

    private static Path dataDir;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @BeforeAll
    static void dataDir() throws Exception {
        dataDir = Files.createTempDirectory("nq-storage-test");
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("nq.data-dir", () -> dataDir.toString());
        r.add("nq.storage.buffer-pool", () -> "32MB");
    }

    private String key() throws Exception {
        return Files.readString(dataDir.resolve("admin.key")).strip();
    }

    HttpResponse<String> send(String method, String path, String body, String txn) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (txn != null) {
            b.header("NQ-Transaction", txn);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : json.readTree(r.body());
    }

    JsonNode problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        return json.readTree(r.body());
    }

    List<JsonNode> lines(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                out.add(json.readTree(line));
            }
        }
        return out;
    }

    @Test
    void ddlCrudScansAndErrors() throws Exception {
        ok(send("POST", "/api/v1/tables", """
                {"name":"items","columns":[{"name":"id","type":"BIGINT"},{"name":"name","type":"VARCHAR(20)","nullable":false},
                 {"name":"price","type":"DECIMAL"},{"name":"seen","type":"TIMESTAMP"}],
                 "primaryKey":["id"],"indexes":[{"name":"items_name","columns":["name"],"unique":true}]}""", null), 201);
        problem(send("POST", "/api/v1/tables", """
                {"name":"items","columns":[{"name":"id","type":"BIGINT"}],"primaryKey":["id"]}""", null), 409);
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            rows.append(i > 1 ? "," : "").append("[").append(i).append(",\"n").append(i).append("\",")
                    .append(i).append(".25,\"2026-11-25T10:00:00Z\"]");
        }
        assertThat(ok(send("POST", "/api/v1/tables/items/rows", "{\"rows\":[" + rows + "]}", null), 200)
                .get("rowCount").asLong()).isEqualTo(2000);

        JsonNode one = ok(send("GET", "/api/v1/tables/items/rows/7", null, null), 200);
        assertThat(one.get("name").asString()).isEqualTo("n7");
        assertThat(one.get("price").decimalValue()).isEqualByComparingTo("7.25");
        assertThat(one.get("seen").asString()).isEqualTo("2026-11-25T10:00:00Z");
        problem(send("GET", "/api/v1/tables/items/rows/99999", null, null), 404);
        problem(send("GET", "/api/v1/tables/nope/rows/1", null, null), 404);

        List<JsonNode> scan = lines(send("POST", "/api/v1/tables/items/scan", """
                {"lower":[100],"upper":[1000],"upperInclusive":false,"where":{"op":"like","column":"name","pattern":"n1%"},
                 "columns":["id","name"],"batchSize":50}""", null));
        assertThat(scan.getFirst().get("columns").toString()).isEqualTo("[\"id\",\"name\"]");
        JsonNode end = scan.getLast();
        assertThat(end.get("done").asBoolean()).isTrue();
        assertThat(end.get("rowCount").asLong()).isEqualTo(100); // 100..199
        assertThat(end.get("scanned").asLong()).isEqualTo(900);
        assertThat(scan).hasSize(1 + 2 + 1); // header, two batches of 50, end

        List<JsonNode> whole = lines(send("POST", "/api/v1/tables/items/scan", "{\"batchSize\":10000}", null));
        assertThat(whole).hasSize(3); // header, one partial batch, end
        assertThat(whole.getLast().get("rowCount").asLong()).isEqualTo(2000);

        List<JsonNode> byName = lines(send("POST", "/api/v1/tables/items/scan", """
                {"index":"items_name","lower":["n5"],"upper":["n5"],"columns":["id"]}""", null));
        assertThat(byName.get(1).get("rows").toString()).isEqualTo("[[5]]");

        JsonNode dup = problem(send("POST", "/api/v1/tables/items/rows", """
                {"rows":[{"id":5000,"name":"n5"}]}""", null), 409);
        assertThat(dup.get("constraint").asString()).isEqualTo("items_name");
        JsonNode bad = problem(send("POST", "/api/v1/tables/items/rows", """
                {"rows":[{"id":5001,"name":"this name is far too long for twenty"}]}""", null), 400);
        assertThat(bad.get("field").asString()).isEqualTo("rows[0].name");
        problem(send("POST", "/api/v1/tables/items/delete", "{\"were\":{}}", null), 400);
        problem(send("POST", "/api/v1/tables/items/delete", "{}", null), 400);

        assertThat(ok(send("POST", "/api/v1/tables/items/update", """
                {"where":{"op":"le","column":"id","value":10},"set":{"price":"1.5"}}""", null), 200)
                .get("rowCount").asLong()).isEqualTo(10);
        assertThat(ok(send("POST", "/api/v1/tables/items/delete", """
                {"lower":[1001]}""", null), 200).get("rowCount").asLong()).isEqualTo(1000);
        JsonNode got = ok(send("POST", "/api/v1/tables/items/get", """
                {"keys":[[3],[1500]],"columns":["price"]}""", null), 200);
        assertThat(got.get("rows").get(0).get(0).decimalValue()).isEqualByComparingTo("1.5");
        assertThat(got.get("rows").get(1).isNull()).isTrue();
    }

    @Test
    void explicitTransactionsCommitRollBackAndConflict() throws Exception {
        ok(send("POST", "/api/v1/tables", """
                {"name":"acct","columns":[{"name":"id","type":"INT"},{"name":"bal","type":"BIGINT"}],"primaryKey":["id"]}""",
                null), 201);
        ok(send("POST", "/api/v1/tables/acct/rows", "{\"rows\":[[1,100],[2,100]]}", null), 200);

        String t1 = ok(send("POST", "/api/v1/transactions", "{\"isolation\":\"serializable\"}", null), 201)
                .get("id").asString();
        ok(send("POST", "/api/v1/tables/acct/update", "{\"keys\":[[1]],\"set\":{\"bal\":50}}", t1), 200);
        ok(send("POST", "/api/v1/transactions/" + t1 + "/rollback", null, null), 204);
        problem(send("POST", "/api/v1/transactions/" + t1 + "/commit", null, null), 404);
        assertThat(ok(send("GET", "/api/v1/tables/acct/rows/1", null, null), 200).get("bal").asLong()).isEqualTo(100);

        // a writer holds row 1; a second writer waits for it, then sees the committed value
        String a = ok(send("POST", "/api/v1/transactions", "{}", null), 201).get("id").asString();
        ok(send("POST", "/api/v1/tables/acct/update", "{\"keys\":[[1]],\"set\":{\"bal\":70}}", a), 200);
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return send("GET", "/api/v1/tables/acct/rows/1", null, null);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        assertThat(ok(send("POST", "/api/v1/transactions/" + a + "/commit", null, null), 200)
                .get("commitLsn").asLong()).isPositive();
        assertThat(json.readTree(waiting.get().body()).get("bal").asLong()).isEqualTo(70);

        // deadlock: each holds one row and wants the other's; one is the victim (409, retryable)
        String x = ok(send("POST", "/api/v1/transactions", "{}", null), 201).get("id").asString();
        String y = ok(send("POST", "/api/v1/transactions", "{}", null), 201).get("id").asString();
        ok(send("POST", "/api/v1/tables/acct/update", "{\"keys\":[[1]],\"set\":{\"bal\":1}}", x), 200);
        ok(send("POST", "/api/v1/tables/acct/update", "{\"keys\":[[2]],\"set\":{\"bal\":2}}", y), 200);
        CompletableFuture<HttpResponse<String>> xw = CompletableFuture.supplyAsync(() -> {
            try {
                return send("POST", "/api/v1/tables/acct/update", "{\"keys\":[[2]],\"set\":{\"bal\":1}}", x);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> busy(x)); // x waits for y's row
        HttpResponse<String> yr = send("POST", "/api/v1/tables/acct/update", "{\"keys\":[[1]],\"set\":{\"bal\":2}}", y);
        HttpResponse<String> xr = xw.get();
        HttpResponse<String> victim = yr.statusCode() == 409 ? yr : xr;
        HttpResponse<String> winner = victim == yr ? xr : yr;
        assertThat(winner.statusCode()).as(winner.body()).isEqualTo(200);
        JsonNode p = problem(victim, 409);
        assertThat(p.get("retryable").asBoolean()).isTrue();
        String victimId = victim == yr ? y : x;
        problem(send("POST", "/api/v1/transactions/" + victimId + "/commit", null, null), 410);
        ok(send("POST", "/api/v1/transactions/" + (victim == yr ? x : y) + "/commit", null, null), 200);

        // idle timeout
        String idle = ok(send("POST", "/api/v1/transactions", "{\"idleTimeoutMs\":300}", null), 201)
                .get("id").asString();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                !send("GET", "/api/v1/transactions", null, null).body().contains(idle));
        JsonNode expired = problem(send("POST", "/api/v1/tables/acct/get", "{\"keys\":[[1]]}", idle), 410);
        assertThat(expired.get("detail").asString()).contains("idle");
        problem(send("POST", "/api/v1/tables/acct/get", "{\"keys\":[[1]]}", "nonexistent"), 404);
    }

    @Test
    void changeFeedStreamsCommitsAndResumes() throws Exception {
        ok(send("POST", "/api/v1/tables", """
                {"name":"feed","columns":[{"name":"k","type":"TEXT"},{"name":"v","type":"BYTEA"}],"primaryKey":["k"]}""",
                null), 201);
        ok(send("POST", "/api/v1/tables/feed/rows", "{\"rows\":[[\"a\",\"AQID\"]]}", null), 200);
        ok(send("POST", "/api/v1/tables/feed/update", "{\"keys\":[\"a\"],\"set\":{\"v\":null}}", null), 200);
        List<JsonNode> all = lines(send("GET", "/api/v1/changes?from=0", null, null));
        List<JsonNode> mine = all.stream().filter(n -> "feed".equals(n.path("table").asString())).toList();
        assertThat(mine).hasSize(2);
        assertThat(mine.get(0).get("op").asString()).isEqualTo("insert");
        assertThat(mine.get(0).get("new").get("v").asString()).isEqualTo("AQID");
        assertThat(mine.get(1).get("old").get("v").asString()).isEqualTo("AQID");
        long second = mine.get(1).get("lsn").asLong();
        List<JsonNode> resumed = lines(send("GET", "/api/v1/changes?from=" + second, null, null));
        assertThat(resumed).hasSize(1);
        assertThat(resumed.getFirst().get("op").asString()).isEqualTo("update");
        problem(send("GET", "/api/v1/changes?from=abc", null, null), 400);

        // follow: a commit made after the stream opened arrives on it
        long end = mine.get(1).get("lsn").asLong() + 1;
        java.util.concurrent.LinkedBlockingQueue<String> live = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpRequest follow = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/changes?follow=true&from=" + end)).header("Authorization", "Bearer " + key()).build();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream =
                http.sendAsync(follow, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> response = stream.get();
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(live::add));
        ok(send("POST", "/api/v1/tables/feed/rows", "{\"rows\":[[\"b\",null]]}", null), 200);
        String first = live.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(json.readTree(first).get("heartbeat").asBoolean()).as(first).isTrue(); // caught up
        String line = live.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(line).isNotNull();
        JsonNode event = json.readTree(line);
        assertThat(event.has("op")).as(line).isTrue();
        assertThat(event.get("op").asString()).isEqualTo("insert");
        assertThat(event.get("key").get("k").asString()).isEqualTo("b");
        response.body().close();
        reader.interrupt();
    }

    @Test
    void statisticsEndpointsAndPrometheus() throws Exception {
        ok(send("POST", "/api/v1/tables", """
                {"name":"m","columns":[{"name":"id","type":"INT"},{"name":"g","type":"INT"}],"primaryKey":["id"],
                 "indexes":[{"name":"m_g","columns":["g"]}]}""", null), 201);
        ok(send("POST", "/api/v1/tables/m/rows", "{\"rows\":[[1,1],[2,1],[3,2]]}", null), 200);
        ok(send("POST", "/api/v1/tables/m/get", "{\"keys\":[[1],[2],[9]]}", null), 200);
        lines(send("POST", "/api/v1/tables/m/scan", "{\"index\":\"m_g\",\"lower\":[1],\"upper\":[1]}", null));
        JsonNode usage = ok(send("GET", "/api/v1/stats/indexes", null, null), 200);
        JsonNode pkey = null;
        JsonNode byG = null;
        for (JsonNode n : usage) {
            if (n.get("table").asString().equals("m") && n.get("index").asString().equals("m_pkey")) {
                pkey = n;
            }
            if (n.get("table").asString().equals("m") && n.get("index").asString().equals("m_g")) {
                byG = n;
            }
        }
        assertThat(pkey.get("lookups").asLong()).isEqualTo(1);
        assertThat(pkey.get("rowsRead").asLong()).isEqualTo(2);
        assertThat(byG.get("rangeScans").asLong()).isEqualTo(1);
        assertThat(byG.get("rowsRead").asLong()).isEqualTo(2);
        assertThat(ok(send("GET", "/api/v1/stats/locks", null, null), 200).has("deadlocks")).isTrue();
        JsonNode stats = ok(send("POST", "/api/v1/tables/m/analyze", null, null), 200);
        assertThat(stats.get("rowCount").asLong()).isEqualTo(3);
        ok(send("POST", "/api/v1/tables/m/rows", "{\"rows\":[[4,3]]}", null), 200);
        JsonNode current = ok(send("GET", "/api/v1/tables/m/statistics", null, null), 200);
        assertThat(current.get("rowCount").asLong()).isEqualTo(4);
        assertThat(current.get("modifiedSinceAnalyze").asLong()).isEqualTo(1);
        JsonNode g = current.get("columns").get(1);
        assertThat(g.get("column").asString()).isEqualTo("g");
        assertThat(g.get("distinct").asDouble()).isEqualTo(2.0);
        problem(send("GET", "/api/v1/tables/nope/statistics", null, null), 404);
        assertThat(ok(send("GET", "/api/v1/stats/engine", null, null), 200).get("bufferPool").get("hitRate")
                .asDouble()).isPositive();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> prom = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(prom.body()).contains("nq_storage_buffer_hits_total", "nq_storage_transactions_commits_total",
                    "nq_storage_lock_deadlocks_total", "nq_storage_index_lookups_total{",
                    "index=\"m_pkey\"");
        });
    }

    /** A reader that stops reading stops the scan: rows produced stay within what the socket buffers hold. */
    @Test
    void aSlowReaderHoldsBackTheScan() throws Exception {
        ok(send("POST", "/api/v1/tables", """
                {"name":"wide","columns":[{"name":"id","type":"INT"},{"name":"pad","type":"TEXT"}],"primaryKey":["id"]}""",
                null), 201);
        String pad = "x".repeat(1000);
        int total = 30_000;
        for (int b = 0; b < total / 1000; b++) {
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                rows.append(i > 0 ? "," : "").append("[").append(b * 1000 + i).append(",\"").append(pad).append("\"]");
            }
            ok(send("POST", "/api/v1/tables/wide/rows", "{\"rows\":[" + rows + "]}", null), 200);
        }
        String body = "{\"batchSize\":100}";
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/tables/wide/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            var in = socket.getInputStream();
            byte[] first = new byte[4096];
            assertThat(in.read(first)).isPositive();
            // the reader stalls: the scan must stop once the socket buffers are full
            long[] last = {-1};
            await().pollInterval(Duration.ofMillis(300)).atMost(Duration.ofSeconds(30)).until(() -> {
                long now = rowsRead("wide");
                boolean stalled = now > 0 && now == last[0];
                last[0] = now;
                return stalled;
            });
            long readWhileStalled = rowsRead("wide");
            assertThat(readWhileStalled).as("rows scanned while the reader stalled").isLessThan(total / 2);
            long bytes = 0;
            byte[] buf = new byte[1 << 16];
            String tail = "";
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes += n;
                tail = (tail + new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                tail = tail.substring(Math.max(0, tail.length() - 200));
                if (tail.contains("\"done\":true")) {
                    break;
                }
            }
            assertThat(tail).contains("\"rowCount\":" + total);
            assertThat(bytes).isGreaterThan(total * 1000L);
        }
    }

    /** Whether explicit transaction {@code id} is inside a call right now (e.g. waiting for a lock). */
    private boolean busy(String id) throws Exception {
        for (JsonNode t : ok(send("GET", "/api/v1/transactions", null, null), 200)) {
            if (t.get("id").asString().equals(id)) {
                return t.get("busy").asBoolean();
            }
        }
        return false;
    }

    private long rowsRead(String table) throws Exception {
        for (JsonNode n : ok(send("GET", "/api/v1/stats/indexes", null, null), 200)) {
            if (n.get("table").asString().equals(table) && n.get("index").asString().equals(table + "_pkey")) {
                return n.get("rowsRead").asLong();
            }
        }
        return 0;
    }
}
