package io.neuroquantum.realtime.web;

import io.neuroquantum.platform.auth.KeyRegistry;
import io.neuroquantum.platform.auth.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway on a random port in local auth mode, with short timings so that timeouts can be
 * tested quickly. Subclasses share one Spring context (same configuration).
 */
abstract class GatewayTestSupport {

    static final Path DATA;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static {
        try {
            DATA = Files.createTempDirectory("nq-realtime-test");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    KeyRegistry registry;

    private final List<WsClient> clients = new ArrayList<>();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("nq.data-dir", DATA::toString);
        r.add("nq.auth.mode", () -> "local");
        r.add("nq.realtime.auth-grace", () -> "800ms");
        r.add("nq.realtime.warm-up.messages", () -> "20"); // exercised, but quick
        r.add("nq.realtime.ping-interval", () -> "200ms");
        r.add("nq.realtime.ping-timeout", () -> "1200ms");
        r.add("nq.realtime.close-timeout", () -> "1s");
        r.add("nq.realtime.max-message-size", () -> "4KB");
        r.add("nq.realtime.max-frame-size", () -> "64KB");
        r.add("nq.realtime.messages-per-second", () -> "20");
        r.add("nq.realtime.burst", () -> "50");
        r.add("nq.realtime.max-rate-violations", () -> "20");
        r.add("nq.realtime.outbound.max-messages", () -> "128");
        r.add("nq.realtime.outbound.max-lag", () -> "30s");
        r.add("nq.realtime.outbound.slow-consumer-timeout", () -> "60s");
        r.add("nq.realtime.history.size", () -> "20");
        r.add("nq.realtime.acl.sensor-reader.read", () -> "sensors.");
        r.add("nq.realtime.acl.sensor-reader.write", () -> "sensors.t");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        clients.clear();
    }

    String adminKey() throws Exception {
        return Files.readString(DATA.resolve("admin.key")).strip();
    }

    String key(String name, Role role) {
        return registry.create(name, Set.of(role)).secret();
    }

    String wsUrl(String token) {
        return "ws://127.0.0.1:" + port + "/ws" + (token == null ? "" : "?access_token=" + token);
    }

    WsClient connect(String token) {
        return track(WsClient.connect(wsUrl(token)));
    }

    WsClient track(WsClient c) {
        clients.add(c);
        return c;
    }

    HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
