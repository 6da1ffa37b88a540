package io.neuroquantum.realtime.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A test WebSocket client on Reactor Netty: records text frames and the close status. */
final class WsClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final List<String> received = new CopyOnWriteArrayList<>();
    final Sinks.Many<WebSocketFrame> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    volatile WebSocketCloseStatus closeStatus;
    volatile boolean closed;
    volatile boolean paused;
    private volatile Subscription subscription;
    private Disposable connection;

    /**
     * @param answerPings false: ping frames reach the test and are not answered (a dead peer)
     * @param pauseAfter  stop reading after this many frames (a slow consumer), or -1
     */
    static WsClient connect(String url, boolean answerPings, int pauseAfter) {
        WsClient c = new WsClient();
        c.paused = false;
        // Not pooled: the default pool caps connections per host below what the load test opens.
        HttpClient http = HttpClient.newConnection().responseTimeout(Duration.ofSeconds(10));
        if (pauseAfter >= 0) {
            // A small receive buffer so that a paused reader backs up into the server quickly.
            http = http.option(io.netty.channel.ChannelOption.SO_RCVBUF, 8192);
        }
        c.connection = http
                .websocket(WebsocketClientSpec.builder().handlePing(!answerPings).maxFramePayloadLength(4 << 20).build())
                .uri(url)
                .handle((in, out) -> {
                    in.receiveCloseStatus().subscribe(s -> c.closeStatus = s);
                    out.sendObject(c.outgoing.asFlux()).then().subscribe(v -> { }, e -> { });
                    return Mono.create(done -> in.receiveFrames().subscribe(new BaseSubscriber<WebSocketFrame>() {
                        int seen;

                        @Override
                        protected void hookOnSubscribe(Subscription s) {
                            c.subscription = s;
                            s.request(pauseAfter >= 0 ? pauseAfter : Long.MAX_VALUE);
                        }

                        @Override
                        protected void hookOnNext(WebSocketFrame f) {
                            if (f instanceof TextWebSocketFrame t) {
                                c.received.add(t.text());
                            }
                            if (pauseAfter >= 0 && ++seen >= pauseAfter) {
                                c.paused = true;
                            }
                        }

                        @Override
                        protected void hookFinally(reactor.core.publisher.SignalType type) {
                            done.success();
                        }
                    }));
                })
                .doFinally(s -> c.closed = true)
                .subscribe(v -> { }, e -> c.closed = true);
        return c;
    }

    static WsClient connect(String url) {
        return connect(url, true, -1);
    }

    /** A paused reader reads on. */
    void resume() {
        paused = false;
        subscription.request(Long.MAX_VALUE);
    }

    void send(String text) {
        outgoing.tryEmitNext(new TextWebSocketFrame(text));
    }

    void sendBinary(byte[] bytes) {
        outgoing.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    List<JsonNode> messages() {
        return received.stream().map(JSON::readTree).toList();
    }

    List<JsonNode> ofType(String type) {
        return messages().stream().filter(m -> m.path("type").asString().equals(type)).toList();
    }

    boolean has(String type) {
        return received.stream().anyMatch(s -> s.contains("\"type\":\"" + type + "\""));
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.dispose();
        }
    }
}
