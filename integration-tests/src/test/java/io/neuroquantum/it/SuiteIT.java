package io.neuroquantum.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.cli.suite.Ports;
import io.neuroquantum.cli.suite.ServiceSpec;
import io.neuroquantum.cli.suite.ServiceState;
import io.neuroquantum.cli.suite.SuiteException;
import io.neuroquantum.cli.suite.SuiteLauncher;
import io.neuroquantum.cli.suite.SuiteLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole suite as real processes, started by the same launcher as {@code ./nq up}, on
 * free ports with a temporary data directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteIT {

    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** How long a request may go unanswered before the service is inspected (see {@link #send}). */
    private static final Duration STALLED = Duration.ofSeconds(10);
    private static final JsonMapper json = JsonMapper.builder().build();
    private static Path dataDir;
    private static SuiteLauncher launcher;
    private static SuiteDiagnostics diagnostics;
    private static final Map<String, Integer> ports = new HashMap<>();
    private static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        dataDir = Files.createTempDirectory("nq-suite-it");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("NQ_ADMIN_KEY");
        env.remove("NQ_AUTH_AUTHORITY_URL");
        for (ServiceSpec s : ServiceSpec.ALL) {
            int port = Ports.ephemeral();
            ports.put(s.name(), port);
            env.put(s.portVariable(), Integer.toString(port));
        }
        env.put("NQ_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        Path home = Path.of(System.getProperty("nq.home", ".."));
        SuiteLayout layout = new SuiteLayout(home, dataDir);
        launcher = new SuiteLauncher(layout, env, progress::add);
        diagnostics = new SuiteDiagnostics(launcher, layout);
        launcher.up(Duration.ofSeconds(240));
    }

    @AfterAll
    static void down() {
        if (launcher != null) {
            launcher.down(Duration.ofSeconds(30));
        }
    }

    private static HttpResponse<String> get(String service, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(service) + path))
                .timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(service, b.build());
    }

    private static HttpResponse<String> post(String service, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(service) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(service, b.build());
    }

    /**
     * Sends a request; if it fails or times out, the error names the service and the request
     * and carries the service's sockets, threads and log tails (see {@link SuiteDiagnostics}).
     * A request still unanswered after {@link #STALLED} is inspected while it is pending: once
     * the client gives up it closes the connection, and whatever the service had not read
     * (its Recv-Q) is gone from view.
     */
    private static HttpResponse<String> send(String service, HttpRequest request) throws Exception {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        String whilePending = null;
        try {
            try {
                return pending.get(STALLED.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stalled) {
                whilePending = diagnostics.whilePending(service, ports.get(service), STALLED);
            }
            HttpResponse<String> late = pending.get(2, TimeUnit.MINUTES); // the request's own timeout ends it sooner
            System.err.println("SuiteIT: " + service + " " + request.method() + " " + request.uri().getPath()
                    + " was answered only after more than " + STALLED.toSeconds() + " s:\n" + whilePending);
            return late;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failed) {
                throw diagnostics.requestFailed(service, ports.get(service), request.method(), request.uri().getPath(),
                        failed, whilePending);
            }
            throw e;
        }
    }

    private static String adminKey() throws Exception {
        return Files.readString(dataDir.resolve("admin.key")).strip();
    }

    @Test
    @Order(1)
    void everyServiceIsHealthyAndServesMetrics() throws Exception {
        for (ServiceSpec s : ServiceSpec.ALL) {
            HttpResponse<String> health = get(s.name(), "/actuator/health", null);
            assertThat(health.statusCode()).as(s.name()).isEqualTo(200);
            assertThat(json.readTree(health.body()).path("status").asString()).as(s.name()).isEqualTo("UP");
            assertThat(get(s.name(), "/actuator/health/liveness", null).statusCode()).as(s.name() + " liveness").isEqualTo(200);
            assertThat(get(s.name(), "/actuator/health/readiness", null).statusCode()).as(s.name() + " readiness").isEqualTo(200);

            HttpResponse<String> prom = get(s.name(), "/actuator/prometheus", null);
            assertThat(prom.statusCode()).as(s.name()).isEqualTo(200);
            assertThat(prom.body()).as(s.name()).contains("jvm_memory_used_bytes").contains("service=\"" + s.name() + "\"");
        }
        assertThat(launcher.status()).allSatisfy(st -> {
            assertThat(st.running()).isTrue();
            assertThat(st.health()).isEqualTo("UP");
        });
    }

    @Test
    @Order(2)
    void adminKeyWasGeneratedOwnerOnly() throws Exception {
        Path file = dataDir.resolve("admin.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String log = Files.readString(dataDir.resolve("logs/storage-service.log"));
        assertThat(log).contains("admin.key").doesNotContain(adminKey());
    }

    @Test
    @Order(3)
    void everyServiceAnswers401WithoutOrWithAWrongKeyAnd200WithTheAdminKey() throws Exception {
        for (ServiceSpec s : ServiceSpec.ALL) {
            HttpResponse<String> none = get(s.name(), "/api/v1/auth/whoami", null);
            assertThat(none.statusCode()).as(s.name()).isEqualTo(401);
            assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(get(s.name(), "/api/v1/auth/whoami", "nq_wrong").statusCode()).as(s.name()).isEqualTo(401);

            HttpResponse<String> ok = get(s.name(), "/api/v1/auth/whoami", adminKey());
            assertThat(ok.statusCode()).as(s.name() + ": " + ok.body()).isEqualTo(200);
            assertThat(ok.body()).contains("\"admin\"");
        }
    }

    @Test
    @Order(4)
    void aReadKeyIsForbiddenFromAdminEndpointsButValidEverywhere() throws Exception {
        HttpResponse<String> created = post("storage-service", "/api/v1/admin/keys", adminKey(),
                "{\"name\":\"it-reader\",\"roles\":[\"read\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String reader = json.readTree(created.body()).path("key").asString();

        HttpResponse<String> forbidden = get("storage-service", "/api/v1/admin/keys", reader);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("\"status\":403");
        for (ServiceSpec s : ServiceSpec.ALL) {
            HttpResponse<String> whoami = get(s.name(), "/api/v1/auth/whoami", reader);
            assertThat(whoami.statusCode()).as(s.name()).isEqualTo(200);
            assertThat(whoami.body()).contains("it-reader").doesNotContain("\"admin\"");
        }
    }

    @Test
    @Order(5)
    void badInputIsAProblemNeverA5xx() throws Exception {
        String key = adminKey();
        for (ServiceSpec s : ServiceSpec.ALL) {
            HttpResponse<String> unknown = get(s.name(), "/api/v1/no-such-thing", key);
            assertThat(unknown.statusCode()).as(s.name()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        HttpResponse<String> malformed = post("storage-service", "/api/v1/admin/keys", key, "{\"name\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        // "Expect: 100-continue", as curl sends for large bodies: the service answers 413 from
        // the headers alone and the body is never sent. (Without it the client may still be
        // sending when the service answers and closes, and see a reset instead of the 413.)
        HttpRequest hugeRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("storage-service")
                        + "/api/v1/admin/keys"))
                .timeout(Duration.ofSeconds(30))
                .expectContinue(true)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}"))
                .build();
        HttpResponse<String> huge = send("storage-service", hugeRequest);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains("nq.http.max-body-size");
    }

    @Test
    @Order(6)
    void startingTwiceStartsNoDuplicates() {
        List<ServiceState> before = launcher.status();
        progress.clear();
        launcher.up(Duration.ofSeconds(30));
        assertThat(progress).hasSize(5).allSatisfy(line -> assertThat(line).contains("already running"));
        assertThat(launcher.status()).extracting(ServiceState::pid)
                .containsExactlyElementsOf(before.stream().map(ServiceState::pid).toList());
    }

    @Test
    @Order(7)
    void aTakenPortIsReportedClearly() throws Exception {
        Path otherData = Files.createTempDirectory("nq-suite-it-other");
        try (ServerSocket squatter = new ServerSocket(0)) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("NQ_STORAGE_PORT", Integer.toString(squatter.getLocalPort()));
            var other = new SuiteLauncher(new SuiteLayout(Path.of(System.getProperty("nq.home", "..")), otherData),
                    env, line -> { });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.up(Duration.ofSeconds(5)))
                    .isInstanceOf(SuiteException.class)
                    .hasMessageContaining("port " + squatter.getLocalPort())
                    .hasMessageContaining("already in use");
        }
        assertThat(Files.exists(otherData.resolve("run"))).isFalse();
    }

    @Test
    @Order(8)
    void downStopsEveryProcessAndFreesEveryPort() {
        List<Long> pids = launcher.status().stream().map(ServiceState::pid).toList();
        launcher.down(Duration.ofSeconds(30));
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
        }
        for (int port : ports.values()) {
            assertThat(Ports.isFree(port)).as("port " + port).isTrue();
        }
        assertThat(launcher.status()).noneMatch(ServiceState::running);
    }
}
