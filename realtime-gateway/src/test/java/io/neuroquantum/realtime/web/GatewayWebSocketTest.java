package io.neuroquantum.realtime.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neuroquantum.platform.auth.Role;
import io.neuroquantum.realtime.RealtimeGatewayApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** The WebSocket protocol over real sockets, with the Reactor Netty client. */
@SpringBootTest(classes = RealtimeGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayWebSocketTest extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private WsClient subscribed(String token, String channel) {
        WsClient c = connect(token);
        c.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        await().atMost(WAIT).until(() -> c.has("subscription_confirmed"));
        return c;
    }

    private static List<JsonNode> channelMessages(WsClient c) {
        return c.ofType("channel_message");
    }

    @Test
    void queryParameterAuthLetsTheFirstMessageThrough() throws Exception {
        WsClient c = connect(adminKey());
        c.send("{\"type\":\"subscribe\",\"channel\":\"a.b\"}");
        await().atMost(WAIT).until(() -> c.has("subscription_confirmed"));
        assertThat(c.ofType("authenticated").getFirst().path("roles").toString()).isEqualTo("[\"read\",\"write\",\"admin\"]");
        assertThat(c.ofType("subscription_confirmed").getFirst().path("channel").asString()).isEqualTo("a.b");
    }

    @Test
    void authMessageFirst() throws Exception {
        WsClient c = connect(null);
        c.send("{\"type\":\"auth\",\"token\":\"" + adminKey() + "\"}");
        c.send("{\"type\":\"ping\"}");
        await().atMost(WAIT).until(() -> c.has("pong"));
        assertThat(c.messages().getFirst().path("type").asString()).isEqualTo("authenticated");
    }

    @Test
    void badTokenIsClosedWith1008() {
        WsClient q = connect("nq_wrong");
        WsClient m = connect(null);
        m.send("{\"type\":\"auth\",\"token\":\"nq_wrong\"}");
        for (WsClient c : List.of(q, m)) {
            await().atMost(WAIT).until(() -> c.closeStatus != null);
            assertThat(c.closeStatus.code()).isEqualTo(1008);
            assertThat(c.ofType("error").getFirst().path("code").asString()).isEqualTo("auth_failed");
        }
    }

    @Test
    void noAuthWithinGraceIsClosedWith1008() {
        WsClient c = connect(null);
        await().atMost(WAIT).until(() -> c.closeStatus != null);
        assertThat(c.closeStatus.code()).isEqualTo(1008);
        assertThat(c.closeStatus.reasonText()).contains("not authenticated in time");
    }

    @Test
    void anythingBeforeAuthIsClosedWith1008() {
        WsClient c = connect(null);
        c.send("{\"type\":\"subscribe\",\"channel\":\"a\"}");
        await().atMost(WAIT).until(() -> c.closeStatus != null);
        assertThat(c.closeStatus.code()).isEqualTo(1008);
        assertThat(c.ofType("error").getFirst().path("code").asString()).isEqualTo("unauthenticated");
    }

    @Test
    void publishOverTheSocketReachesEverySubscriberWithSeqTsAndExactData() throws Exception {
        String key = adminKey();
        List<WsClient> subs = List.of(subscribed(key, "room.1"), subscribed(key, "room.1"), subscribed(key, "room.1"));
        WsClient publisher = connect(key);
        publisher.send("{\"type\":\"publish\",\"channel\":\"room.1\",\"data\":{\"text\":\"hi \\u00e9\",\"n\":[1,2.5,null]}}");
        publisher.send("{\"type\":\"publish\",\"channel\":\"room.1\",\"data\":42}");
        for (WsClient s : subs) {
            await().atMost(WAIT).until(() -> channelMessages(s).size() == 2);
            JsonNode first = channelMessages(s).getFirst();
            assertThat(first.path("channel").asString()).isEqualTo("room.1");
            assertThat(first.path("seq").asLong()).isEqualTo(1);
            assertThat(first.path("ts").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(first.path("data").toString()).isEqualTo("{\"text\":\"hi é\",\"n\":[1,2.5,null]}");
            assertThat(channelMessages(s).get(1).path("seq").asLong()).isEqualTo(2);
            assertThat(channelMessages(s).get(1).path("data").asInt()).isEqualTo(42);
        }
        assertThat(publisher.has("channel_message")).isFalse();
    }

    @Test
    void startupWarmUpLeavesNoChannelBehind() throws Exception {
        // The warm-up ran before the context was ready (GatewayWarmUp); its channel is gone.
        assertThat(get("/api/v1/channels", adminKey()).body()).doesNotContain("_warm_up");
    }

    @Test
    void restPublish() throws Exception {
        String admin = adminKey();
        WsClient s = subscribed(admin, "rest.ch");
        HttpResponse<String> r = post("/api/v1/channels/rest.ch/messages", admin, "{\"t\": 1, \"k\": 0}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(WsClient.JSON.readTree(r.body()).path("seq").asLong()).isEqualTo(1);
        await().atMost(WAIT).until(() -> channelMessages(s).size() == 1);
        assertThat(channelMessages(s).getFirst().path("data").toString()).isEqualTo("{\"t\":1,\"k\":0}");

        assertThat(post("/api/v1/channels/rest.ch/messages", null, "{}").statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/channels/rest.ch/messages", key("reader", Role.READ), "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> bad = post("/api/v1/channels/rest.ch/messages", admin, "{\"t\": ");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(post("/api/v1/channels/rest.*/messages", admin, "{}").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/channels", admin).body()).contains("\"name\":\"rest.ch\"");
        assertThat(get("/api/v1/realtime/stats", admin).body()).contains("\"connections\"");
    }

    @Test
    void wildcardSubscriptions() throws Exception {
        String admin = adminKey();
        WsClient one = subscribed(admin, "sensors.*");
        WsClient any = subscribed(admin, "sensors.**");
        for (String ch : List.of("sensors.t1", "sensors.t1.raw", "other.t1")) {
            assertThat(post("/api/v1/channels/" + ch + "/messages", admin, "{}").statusCode()).isEqualTo(202);
        }
        await().atMost(WAIT).until(() -> channelMessages(any).size() == 2);
        await().atMost(WAIT).until(() -> channelMessages(one).size() == 1);
        assertThat(channelMessages(one).getFirst().path("channel").asString()).isEqualTo("sensors.t1");
        assertThat(channelMessages(any)).extracting(m -> m.path("channel").asString()).containsExactly("sensors.t1", "sensors.t1.raw");

        one.send("{\"type\":\"unsubscribe\",\"channel\":\"sensors.*\"}");
        await().atMost(WAIT).until(() -> one.has("unsubscribed"));
        post("/api/v1/channels/sensors.t2/messages", admin, "{}");
        await().atMost(WAIT).until(() -> channelMessages(any).size() == 3);
        assertThat(channelMessages(one)).hasSize(1);
    }

    @Test
    void fromSeqReplaysAfterAReconnectAndReportsAGap() throws Exception {
        String admin = adminKey();
        WsClient first = subscribed(admin, "replay.a");
        for (int i = 1; i <= 5; i++) {
            post("/api/v1/channels/replay.a/messages", admin, "{\"i\":" + i + "}");
        }
        await().atMost(WAIT).until(() -> channelMessages(first).size() == 5);
        first.close();
        post("/api/v1/channels/replay.a/messages", admin, "{\"i\":6}");

        WsClient again = connect(admin);
        again.send("{\"type\":\"subscribe\",\"channel\":\"replay.a\",\"from_seq\":4}");
        await().atMost(WAIT).until(() -> channelMessages(again).size() == 3);
        post("/api/v1/channels/replay.a/messages", admin, "{\"i\":7}");
        await().atMost(WAIT).until(() -> channelMessages(again).size() == 4);
        assertThat(channelMessages(again)).extracting(m -> m.path("seq").asLong()).containsExactly(4L, 5L, 6L, 7L);
        assertThat(again.has("history_gap")).isFalse();
        assertThat(again.messages().get(1).path("type").asString()).isEqualTo("subscription_confirmed");

        for (int i = 8; i <= 30; i++) { // history keeps 20: seqs 11..30
            post("/api/v1/channels/replay.a/messages", admin, "{\"i\":" + i + "}");
        }
        WsClient late = connect(admin);
        late.send("{\"type\":\"subscribe\",\"channel\":\"replay.a\",\"from_seq\":3}");
        await().atMost(WAIT).until(() -> channelMessages(late).size() == 20);
        JsonNode gap = late.ofType("history_gap").getFirst();
        assertThat(gap.path("missed_from").asLong()).isEqualTo(3);
        assertThat(gap.path("missed_to").asLong()).isEqualTo(10);
        assertThat(gap.path("count").asLong()).isEqualTo(8);
        assertThat(channelMessages(late).getFirst().path("seq").asLong()).isEqualTo(11);
    }

    @Test
    void perChannelAuthorisation() throws Exception {
        String reader = key("plain-reader", Role.READ);
        WsClient r = connect(reader);
        r.send("{\"type\":\"subscribe\",\"channel\":\"any.thing\"}");
        r.send("{\"type\":\"publish\",\"channel\":\"any.thing\",\"data\":1}");
        await().atMost(WAIT).until(() -> r.has("error"));
        assertThat(r.has("subscription_confirmed")).isTrue();
        assertThat(r.ofType("error").getFirst().path("code").asString()).isEqualTo("forbidden");

        String limited = key("sensor-reader", Role.WRITE); // acl: read sensors., write sensors.t
        WsClient l = connect(limited);
        l.send("{\"type\":\"subscribe\",\"channel\":\"sensors.*\"}");
        l.send("{\"type\":\"subscribe\",\"channel\":\"other.x\"}");
        l.send("{\"type\":\"subscribe\",\"channel\":\"**\"}");
        l.send("{\"type\":\"publish\",\"channel\":\"sensors.t9\",\"data\":1}");
        l.send("{\"type\":\"publish\",\"channel\":\"sensors.x\",\"data\":1}");
        await().atMost(WAIT).until(() -> l.ofType("error").size() == 3);
        await().atMost(WAIT).until(() -> channelMessages(l).size() == 1);
        assertThat(l.ofType("subscription_confirmed")).hasSize(1);
        assertThat(channelMessages(l).getFirst().path("channel").asString()).isEqualTo("sensors.t9");
        assertThat(post("/api/v1/channels/sensors.x/messages", limited, "{}").statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/channels/sensors.t2/messages", limited, "{}").statusCode()).isEqualTo(202);
    }

    @Test
    void malformedFramesGetErrorsAndTheConnectionStays() throws Exception {
        WsClient c = connect(adminKey());
        c.send("{not json");
        c.send("[1,2]");
        c.send("{\"type\":\"teleport\"}");
        c.send("{\"type\":\"subscribe\"}");
        c.send("{\"type\":\"subscribe\",\"channel\":\"a..b\"}");
        c.send("{\"type\":\"stream_query\",\"sql\":\"select 1\"}");
        c.sendBinary(new byte[] {1, 2, 3});
        c.send("{\"type\":\"publish\",\"channel\":\"big\",\"data\":\"" + "x".repeat(5000) + "\"}");
        c.send("{\"type\":\"ping\"}");
        await().atMost(WAIT).until(() -> c.has("pong"));
        assertThat(c.ofType("error")).extracting(e -> e.path("code").asString()).containsExactly(
                "invalid_json", "invalid_message", "unknown_type", "invalid_message", "invalid_channel", "not_supported",
                "binary_not_supported", "message_too_large");
        assertThat(c.closed).isFalse();
    }

    @Test
    void aFrameOverTheHardLimitClosesWith1009() throws Exception {
        WsClient c = connect(adminKey());
        await().atMost(WAIT).until(() -> c.has("authenticated"));
        c.send("x".repeat(70_000));
        await().atMost(WAIT).until(() -> c.closeStatus != null);
        assertThat(c.closeStatus.code()).isEqualTo(1009);
    }

    @Test
    void rateLimit() throws Exception {
        WsClient c = connect(adminKey());
        await().atMost(WAIT).until(() -> c.has("authenticated"));
        for (int i = 0; i < 60; i++) { // burst 50 refilled at 20/s (test settings), then errors; 20 violations in a row allowed
            c.send("{\"type\":\"ping\"}");
        }
        await().atMost(WAIT).until(() -> c.has("error"));
        assertThat(c.ofType("error").getFirst().path("code").asString()).isEqualTo("rate_limited");
        assertThat(c.closed).isFalse();

        WsClient flood = connect(adminKey());
        await().atMost(WAIT).until(() -> flood.has("authenticated"));
        for (int i = 0; i < 200; i++) {
            flood.send("{\"type\":\"ping\"}");
        }
        // The flood is cut off. The close frame (1008) is sent, but the client may see the
        // connection end before it has processed that frame, so the status can be absent.
        await().atMost(WAIT).until(() -> flood.closed);
        assertThat(flood.closeStatus == null || flood.closeStatus.code() == 1008).isTrue();
        assertThat(c.closed).isFalse();
    }

    @Test
    void heartbeatClosesDeadPeersAndKeepsLiveOnes() throws Exception {
        WsClient dead = track(WsClient.connect(wsUrl(adminKey()), false, -1)); // never answers pings
        WsClient live = connect(adminKey());
        await().atMost(WAIT).until(() -> dead.closed);
        assertThat(dead.closeStatus == null || dead.closeStatus.code() == 4000).isTrue();
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> !live.closed);
    }

    @Test
    void aSlowConsumerGetsDroppedNoticesWhileOthersReceiveEverything() throws Exception {
        String admin = adminKey();
        WsClient slow = track(WsClient.connect(wsUrl(admin), true, 3));
        slow.send("{\"type\":\"subscribe\",\"channel\":\"flood\"}");
        await().atMost(WAIT).until(() -> slow.has("subscription_confirmed"));
        WsClient fast = subscribed(admin, "flood");
        String payload = "{\"pad\":\"" + "p".repeat(3000) + "\"}";
        // Publish until the server had to drop for the paused reader (kernel buffers absorb the
        // first few MB), in batches; the first message goes over REST.
        post("/api/v1/channels/flood/messages", admin, payload);
        int published = 1;
        int maxQueued = 0;
        long maxQueuedBytes = 0;
        long droppedAtFirst = -1;
        int publishedAfterFirstDrop = 0;
        // The slow client keeps writing (any frame is a sign of life; it just never reads), so
        // the heartbeat (1.2 s here) does not take it for dead while the flood goes on.
        java.util.concurrent.ScheduledExecutorService keepAlive = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        keepAlive.scheduleAtFixedRate(() -> slow.send("{\"type\":\"ping\"}"), 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            // Publish until the first drop, then 5,000 more: the slow reader's backlog must stay bounded.
            while (publishedAfterFirstDrop < 5_000 && published < 60_000) {
                for (int i = 0; i < 500; i++) {
                    gatewayPublish("flood", payload);
                }
                published += 500;
                if (droppedAtFirst >= 0) {
                    publishedAfterFirstDrop += 500;
                }
                int expected = published;
                await().atMost(Duration.ofSeconds(30)).until(() -> channelMessages(fast).size() == expected);
                io.neuroquantum.realtime.connection.Gateway.Stats stats = gateway.stats();
                maxQueued = Math.max(maxQueued, stats.maxQueuedMessages());
                maxQueuedBytes = Math.max(maxQueuedBytes, stats.queuedBytes());
                if (droppedAtFirst < 0 && stats.dropped() > 0) {
                    droppedAtFirst = stats.dropped();
                }
            }
            // Memory stays bounded whatever the slow client does: at most its queue's limit waits
            // for it (outbound.max-messages = 128 in these tests); once the kernel and Netty buffers
            // are full (Netty's only up to its write-buffer high-water mark: the transport stops
            // pulling from the queue), everything else published for it is dropped, oldest first.
            assertThat(droppedAtFirst).isPositive();
            assertThat(maxQueued).isLessThanOrEqualTo(128 + 1); // + 1: an offer is counted just before it sheds
            assertThat(maxQueuedBytes).isLessThanOrEqualTo(129L * (payload.length() + 200));
            // The kernel may still take some after the first drop (its send buffer grows up to
            // tcp_wmem's maximum), Netty up to its high-water mark (64 KiB), the queue 128: the rest
            // of what was published after the first drop is dropped.
            long absorbable = 128 + (kernelSendBufferMax() + 64 * 1024) / payload.length();
            long before = droppedAtFirst;
            int after = publishedAfterFirstDrop;
            await().atMost(WAIT).untilAsserted(() -> assertThat(gateway.stats().dropped() - before)
                    .as("dropped after the first drop, of %d published", after).isGreaterThanOrEqualTo(after - absorbable));
        } finally {
            keepAlive.shutdownNow();
        }
        int total = published;
        await().atMost(Duration.ofSeconds(30)).until(() -> channelMessages(fast).size() == total);
        assertThat(fast.has("dropped")).isFalse();
        assertThat(slow.received.size()).isLessThan(total);
        slow.resume();
        await().atMost(WAIT).until(() -> slow.has("dropped"));
        long dropped = slow.ofType("dropped").stream().mapToLong(d -> d.path("count").asLong()).sum();
        await().atMost(WAIT).until(() -> channelMessages(slow).size() + slow.ofType("dropped").stream()
                .mapToLong(d -> d.path("count").asLong()).sum() == total);
        assertThat(dropped).isPositive();
        assertThat(slow.ofType("dropped").getFirst().path("channel").asString()).isEqualTo("flood");
        assertThat(slow.closed).isFalse();
    }

    /** The kernel's largest TCP send buffer (third field of tcp_wmem), 4 MiB where unknown. */
    private static long kernelSendBufferMax() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            return Long.parseLong(f[2]);
        } catch (Exception e) {
            return 4L << 20;
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.neuroquantum.realtime.connection.Gateway gateway;

    private void gatewayPublish(String channel, String json) {
        gateway.router().publish(channel, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The CI load test: 1,000 concurrent authenticated connections, every message to every one, in order. */
    @Test
    void aThousandClientsReceiveEveryMessage() throws Exception {
        String admin = adminKey();
        int n = 1_000;
        List<WsClient> clients = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            WsClient c = connect(admin);
            c.send("{\"type\":\"subscribe\",\"channel\":\"crowd\"}");
            clients.add(c);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream().allMatch(c -> c.has("subscription_confirmed")));
        assertThat(gateway.stats().authenticated()).isGreaterThanOrEqualTo(n);
        for (int k = 0; k < 30; k++) {
            assertThat(post("/api/v1/channels/crowd/messages", admin, "{\"k\":" + k + "}").statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream().allMatch(c -> channelMessages(c).size() == 30));
        for (WsClient c : clients) {
            assertThat(channelMessages(c)).extracting(m -> m.path("data").path("k").asInt())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).boxed().toList());
            assertThat(c.closed).isFalse();
        }
        assertThat(gateway.stats().dropped()).isZero();
    }
}
