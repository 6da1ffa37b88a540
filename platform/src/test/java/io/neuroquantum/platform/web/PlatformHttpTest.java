package io.neuroquantum.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.platform.auth.KeyRegistry;
import io.neuroquantum.platform.auth.RemoteKeyVerifier;
import io.neuroquantum.platform.auth.Role;
import io.neuroquantum.platform.auth.Verification;
import io.neuroquantum.platform.testapp.TestServiceApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a service inherits from the platform, over real HTTP: 401/403/200, key
 * administration, problem+json for unknown routes, malformed JSON and oversized bodies,
 * and remote verification against this running authority.
 */
@SpringBootTest(classes = TestServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlatformHttpTest {

    private static Path dataDir;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    KeyRegistry registry;

    @BeforeAll
    static void dataDir() throws Exception {
        dataDir = Files.createTempDirectory("nq-platform-test");
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("nq.data-dir", () -> dataDir.toString());
        r.add("nq.auth.mode", () -> "local");
        r.add("nq.http.max-body-size", () -> "1KB");
        r.add("spring.application.name", () -> "platform-test");
    }

    private String adminKey() throws Exception {
        return Files.readString(dataDir.resolve("admin.key")).strip();
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> r, int status, String detailFragment) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(body.path("detail").asString()).contains(detailFragment);
    }

    @Test
    void missingKeyIs401() throws Exception {
        assertProblem(send("GET", "/api/v1/auth/whoami", null, null), 401, "Authorization: Bearer");
    }

    @Test
    void wrongKeyOrSchemeIs401() throws Exception {
        assertProblem(send("GET", "/api/v1/auth/whoami", "nq_wrong", null), 401, "unknown or revoked");
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/whoami"))
                .header("Authorization", "Basic YTpi").build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(basic, 401, "Bearer");
    }

    @Test
    void adminKeyWorksAndSeesItsRoles() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/auth/whoami", adminKey(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("roles").toString()).isEqualTo("[\"read\",\"write\",\"admin\"]");
    }

    @Test
    void keyLifecycleThroughAdminApi() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/admin/keys", adminKey(), "{\"name\":\"reader\",\"roles\":[\"read\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode k = json.readTree(created.body());
        String readKey = k.path("key").asString();

        assertThat(send("GET", "/api/v1/auth/whoami", readKey, null).statusCode()).isEqualTo(200);
        assertProblem(send("GET", "/api/v1/admin/keys", readKey, null), 403, "lacks the role");
        assertProblem(send("POST", "/api/v1/items", readKey, "{\"name\":\"a\",\"count\":1}"), 403, "lacks the role");

        HttpResponse<String> list = send("GET", "/api/v1/admin/keys", adminKey(), null);
        assertThat(list.body()).contains("reader").doesNotContain(readKey);

        assertThat(send("DELETE", "/api/v1/admin/keys/" + k.path("id").asString(), adminKey(), null).statusCode()).isEqualTo(200);
        assertProblem(send("GET", "/api/v1/auth/whoami", readKey, null), 401, "unknown or revoked");
        assertProblem(send("DELETE", "/api/v1/admin/keys/nope", adminKey(), null), 404, "nope");
        assertProblem(send("DELETE", "/api/v1/admin/keys/admin", adminKey(), null), 409, "bootstrap");
    }

    @Test
    void writeRoleMayWrite() throws Exception {
        String writer = registry.create("writer", Set.of(Role.WRITE)).secret();
        HttpResponse<String> r = send("POST", "/api/v1/items", writer, "{\"name\":\"a\",\"count\":2}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"count\":2");
    }

    @Test
    void badInputIsProblemJson() throws Exception {
        String admin = adminKey();
        assertProblem(send("GET", "/api/v1/no-such-route", admin, null), 404, "");
        assertProblem(send("GET", "/no-such-page", null, null), 404, "");
        assertProblem(send("POST", "/api/v1/items", admin, "{\"name\": \"a\", \"count\": "), 400, "");
        assertProblem(send("POST", "/api/v1/items", admin, "{\"name\": \"a\", \"count\": \"many\"}"), 400, "");
        assertProblem(send("POST", "/api/v1/admin/keys", admin, "{\"name\":\"x\",\"roles\":[\"root\"]}"), 400, "unknown role 'root'");
        assertProblem(send("POST", "/api/v1/admin/keys", admin, "{\"roles\":[\"read\"]}"), 400, "name");
        assertProblem(send("POST", "/api/v1/items", admin, "{\"name\":\"" + "x".repeat(2000) + "\",\"count\":1}"), 413, "limit");
    }

    @Test
    void chunkedOversizedBodyIs413() throws Exception {
        byte[] big = ("{\"name\":\"" + "y".repeat(5000) + "\",\"count\":1}").getBytes();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/items"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + adminKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(big)))
                .build();
        // A client of its own: the server closes the connection after an early 413, and the JDK
        // client would otherwise try to reuse it for the next test's request.
        try (HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertProblem(own.send(req, HttpResponse.BodyHandlers.ofString()), 413, "limit");
        }
    }

    @Test
    void actuatorIsOpen() throws Exception {
        assertThat(send("GET", "/actuator/health", null, null).body()).contains("\"UP\"");
        assertThat(send("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
        // /actuator/prometheus is checked against the real processes in SuiteIT: Boot's test
        // support switches metric exporters off in @SpringBootTest contexts.
    }

    @Test
    void remoteVerifierAsksThisAuthority() throws Exception {
        String writer = registry.create("remote-writer", Set.of(Role.WRITE)).secret();
        var remote = new RemoteKeyVerifier(URI.create("http://127.0.0.1:" + port), Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofSeconds(2));

        Verification ok = remote.verify(writer).get();
        assertThat(ok).isInstanceOf(Verification.Accepted.class);
        assertThat(((Verification.Accepted) ok).principal().roles()).containsExactlyInAnyOrder(Role.READ, Role.WRITE);
        assertThat(remote.verify("nq_not-a-key").get()).isInstanceOf(Verification.Rejected.class);

        var down = new RemoteKeyVerifier(URI.create("http://127.0.0.1:1"), Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofSeconds(2));
        assertThat(down.verify(writer).get()).isInstanceOf(Verification.Unavailable.class);
    }
}
