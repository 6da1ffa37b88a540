package io.neuroquantum.realtime.config;

import io.neuroquantum.realtime.connection.Gateway;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * Startup warm-up, before the service reports ready (application runners run before the
 * readiness state becomes {@code ACCEPTING_TRAFFIC}): the gateway connects to itself over
 * loopback with the one-time {@link WarmUpKeyVerifier} key, subscribes a few WebSockets to a
 * private channel, publishes messages to it over REST and waits until every socket received
 * every message. That runs the real code paths once, end to end (Netty HTTP, the security
 * filter chain, method security and its SpEL expression, argument resolution, Jackson,
 * {@code Gateway.publish}, the channel's encoder and fan-out, the outbound queues,
 * {@code NettyTransport} and the WebSocket frame writer), so the first real publish does not
 * pay for class loading, lazy initialisation and interpreted code (it took ~300 ms on a
 * fresh suite, against ~30 ms warm). Afterwards the sockets close, the private channel is
 * removed and the key is revoked. A failing warm-up is logged and never stops the service.
 */
final class GatewayWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(GatewayWarmUp.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Gateway gateway;
    private final WarmUpKeyVerifier keys;
    private final ApplicationContext context;
    private final int connections;
    private final int messages;

    GatewayWarmUp(Gateway gateway, WarmUpKeyVerifier keys, ApplicationContext context, int connections, int messages) {
        this.gateway = gateway;
        this.keys = keys;
        this.context = context;
        this.connections = connections;
        this.messages = messages;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            if (connections <= 0 || messages <= 0 || !(context instanceof WebServerApplicationContext web)
                    || web.getWebServer() == null) {
                return;
            }
            long start = System.nanoTime();
            String channel = "_warm_up." + Long.toHexString(start);
            run(web.getWebServer().getPort(), channel);
            log.info("warm-up: {} messages to {} sockets over loopback in {} ms", messages, connections,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            log.warn("warm-up failed (the service works, its first requests are just slower): {}", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            keys.revoke();
        }
    }

    private void run(int port, String channel) throws Exception {
        String key = keys.secret();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        CountDownLatch confirmed = new CountDownLatch(connections);
        CountDownLatch delivered = new CountDownLatch(connections * messages);
        List<WebSocket> sockets = new ArrayList<>();
        try {
            URI ws = URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
            for (int i = 0; i < connections; i++) {
                WebSocket s = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                        .buildAsync(ws, new Counter(confirmed, delivered)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                sockets.add(s);
                s.sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}", true);
            }
            await(confirmed, "subscriptions");
            URI publish = URI.create("http://127.0.0.1:" + port + "/api/v1/channels/" + channel + "/messages");
            for (int i = 0; i < messages; i++) {
                HttpRequest request = HttpRequest.newBuilder(publish).timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"warm_up\":" + i + ",\"t\":" + System.currentTimeMillis() + "}"))
                        .build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 202) {
                    throw new IllegalStateException("publish answered " + response.statusCode() + ": " + response.body());
                }
            }
            await(delivered, "deliveries");
        } finally {
            for (WebSocket s : sockets) {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "warm-up done");
            }
            // The private channel goes once its subscribers have (the sockets' close handshakes).
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!gateway.router().removeIdle(channel) && gateway.router().find(channel) != null
                    && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000L);
            }
            http.close();
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("timed out waiting for " + what + " (" + latch.getCount() + " missing)");
        }
    }

    /** Counts confirmations and channel messages of one socket. */
    private record Counter(CountDownLatch confirmed, CountDownLatch delivered) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            String s = data.toString();
            if (s.contains("\"type\":\"channel_message\"")) {
                delivered.countDown();
            } else if (s.contains("\"type\":\"subscription_confirmed\"")) {
                confirmed.countDown();
            }
            ws.request(1);
            return null;
        }
    }
}
