package io.neuroquantum.optimizer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neuroquantum.optimizer.OptimizerServiceApplication;
import io.neuroquantum.optimizer.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The optimizer's API over real HTTP, with a local key registry. */
@SpringBootTest(classes = OptimizerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OptimizerHttpTest {

    private static Path dataDir;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @BeforeAll
    static void dataDir() throws Exception {
        dataDir = Files.createTempDirectory("nq-optimizer-test");
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("nq.data-dir", () -> dataDir.toString());
        r.add("nq.auth.mode", () -> "local");
        r.add("nq.optimizer.max-variables", () -> "100000");
    }

    private String key() throws Exception {
        return Files.readString(dataDir.resolve("admin.key")).strip();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return json.readTree(r.body());
    }

    private static ObjectNode request(String problem, String format, String data) {
        ObjectNode o = json.createObjectNode();
        o.put("problem", problem);
        o.put("format", format);
        if (data != null) {
            o.put("data", data);
        }
        o.put("seed", 3);
        o.put("timeLimitMs", 2000);
        return o;
    }

    private static void assertBadRequest(HttpResponse<String> r, String fragment) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(json.readTree(r.body()).path("detail").asString()).contains(fragment);
    }

    @Test
    void solvesAJsonMaxCut() throws Exception {
        // a 4-cycle plus one chord: max cut 4 of 5 edges
        String body = "{\"problem\":\"maxcut\",\"n\":4,\"edges\":[[0,1],[1,2],[2,3],[3,0],[0,2]],\"solver\":\"tabu\","
                + "\"timeLimitMs\":500,\"sweeps\":50,\"restarts\":1,\"seed\":7}";
        JsonNode r = ok(send("POST", "/api/v1/solve", "application/json", body), 200);
        assertThat(r.path("objective").asDouble()).isEqualTo(4.0);
        assertThat(r.path("valid").asBoolean()).isTrue();
        assertThat(r.path("solver").asString()).isEqualTo("tabu");
        assertThat(r.path("seed").asLong()).isEqualTo(7);
        assertThat(r.path("solution").size()).isEqualTo(4);
        assertThat(r.has("energy") && r.has("sweeps") && r.has("flipsPerSecondPerThread") && r.has("timings")).isTrue();
    }

    @Test
    void solvesRudyGraphToItsOptimumAsJsonAndAsText() throws Exception {
        String data = SharedData.read("maxcut/biqmac-rudy/g05_60.0");
        ObjectNode o = request("maxcut", "gset", data);
        o.put("targetObjective", 536);
        JsonNode r = ok(send("POST", "/api/v1/solve", "application/json", o.toString()), 200);
        assertThat(r.path("objective").asDouble()).isEqualTo(536.0);
        assertThat(r.path("stopReason").asString()).isEqualTo("target_reached");

        JsonNode t = ok(send("POST", "/api/v1/solve?problem=maxcut&format=gset&solver=pt&timeLimitMs=300", "text/plain", data), 200);
        assertThat(t.path("objective").asDouble()).isLessThanOrEqualTo(536.0).isGreaterThan(500.0);
        assertThat(t.path("solver").asString()).isEqualTo("pt");
    }

    @Test
    void solvesTspAndColoringFromTheirFiles() throws Exception {
        ObjectNode tsp = request("tsp", "tsplib", SharedData.read("tsp/burma14.tsp"));
        tsp.put("solver", "sqa");
        tsp.put("timeLimitMs", 1000);
        JsonNode t = ok(send("POST", "/api/v1/solve", "application/json", tsp.toString()), 200);
        assertThat(t.path("valid").asBoolean()).isTrue();
        assertThat(t.path("objective").asDouble()).isGreaterThanOrEqualTo(3323.0);
        assertThat(t.path("details").has("rawTourLength")).isTrue();
        assertThat(t.path("solution").size()).isEqualTo(14);

        ObjectNode col = request("coloring", "dimacs", SharedData.read("coloring/myciel3.col"));
        col.put("colors", 4);
        col.put("timeLimitMs", 500);
        JsonNode c = ok(send("POST", "/api/v1/solve", "application/json", col.toString()), 200);
        assertThat(c.path("valid").asBoolean()).isTrue();
        assertThat(c.path("objective").asDouble()).isLessThanOrEqualTo(4.0);
    }

    @Test
    void jobsReportProgressAndCancelQuickly() throws Exception {
        ObjectNode o = request("maxcut", "gset", SharedData.read("maxcut/gset/G1.txt"));
        o.put("timeLimitMs", 120_000);
        o.put("threads", 1);
        HttpResponse<String> created = send("POST", "/api/v1/jobs", "application/json", o.toString());
        JsonNode job = ok(created, 202);
        String id = job.path("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode j = json.readTree(send("GET", "/api/v1/jobs/" + id, null, null).body());
            return j.path("state").asString().equals("running") && j.path("progress").path("bestEnergy").isNumber();
        });
        ok(send("DELETE", "/api/v1/jobs/" + id, null, null), 200);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                json.readTree(send("GET", "/api/v1/jobs/" + id, null, null).body()).path("state").asString().equals("cancelled"));
        JsonNode done = json.readTree(send("GET", "/api/v1/jobs/" + id, null, null).body());
        assertThat(done.path("result").path("stopReason").asString()).isEqualTo("cancelled");
        assertThat(done.path("result").path("objective").asDouble()).isGreaterThan(11000.0);
        assertThat(send("GET", "/api/v1/jobs", null, null).body()).contains(id);
        assertThat(send("GET", "/api/v1/jobs/nope", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIsA400NamingTheProblem() throws Exception {
        assertBadRequest(send("POST", "/api/v1/solve", "application/json", request("maxcut", "gset", "3 x\n").toString()), "edge count 'x'");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json", request("maxcut", "gset", "-3 1\n").toString()), "negative");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json", request("maxcut", "gset", "1000000000 1\n").toString()), "exceeds the limit");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json", request("maxcut", "gset", "2 1\n1 2 NaN\n").toString()), "not finite");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json", request("coloring", "dimacs", "p edge 3 1\ne 1 9\n").toString()), "outside");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json", request("tsp", "tsplib", "DIMENSION: 99999\n").toString()), "exceeds the limit");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json",
                "{\"problem\":\"qubo\",\"n\":2,\"quadratic\":[[0,1,\"NaN\"]]}"), "non-finite");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json",
                "{\"problem\":\"maxcut\",\"n\":-5,\"edges\":[]}"), "negative");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json",
                "{\"problem\":\"maxcut\",\"n\":2,\"edges\":[[0,1]],\"solver\":\"magic\"}"), "unknown solver");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json",
                "{\"problem\":\"maxcut\",\"n\":2,\"edges\":[[0,1]],\"timeLimitMs\":0}"), "timeLimitMs");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json",
                "{\"problem\":\"maxcut\",\"n\":2,\"edges\":[[0,1]],\"solver\":\"sqa\",\"params\":{\"slices\":100000}}"), "slices");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json", "{\"problem\":\"maxcut\",\"n\":2,"), "");
        assertBadRequest(send("POST", "/api/v1/solve", "application/json", "{\"n\":2}"), "'problem' is required");
        assertBadRequest(send("POST", "/api/v1/jobs", "application/json", request("maxcut", "gset", "3 1\n").toString()), "announces 1 edges");
        HttpResponse<String> anon = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/solve"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anon.statusCode()).isEqualTo(401);
    }
}
