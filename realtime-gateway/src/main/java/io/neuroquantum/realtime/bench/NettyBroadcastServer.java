package io.neuroquantum.realtime.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The benchmark's anchor: a minimal raw Reactor Netty WebSocket broadcast server, the ceiling
 * the gateway's layers are measured against. {@code /ws} answers any text frame containing
 * {@code "subscribe"} with a {@code subscription_confirmed}; {@code POST /publish} wraps the
 * body as a {@code channel_message} once and writes it to every socket. No auth, no queues,
 * no history: nothing but the fan-out.
 *
 * <p>Run: {@code java -cp realtime-gateway.jar -Dloader.main=io.neuroquantum.realtime.bench.NettyBroadcastServer
 * org.springframework.boot.loader.launch.PropertiesLauncher PORT}
 */
public final class NettyBroadcastServer {

    private static final byte[] CONFIRMED = "{\"type\":\"subscription_confirmed\",\"channel\":\"bench\"}".getBytes(StandardCharsets.UTF_8);

    private NettyBroadcastServer() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8093;
        Set<Channel> sockets = ConcurrentHashMap.newKeySet();
        AtomicLong seq = new AtomicLong();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(port)
                .route(r -> r
                        .ws("/ws", (in, out) -> {
                            in.withConnection(c -> {
                                sockets.add(c.channel());
                                c.onDispose(() -> sockets.remove(c.channel()));
                            });
                            return out.sendObject(in.receiveFrames()
                                    .filter(f -> f instanceof TextWebSocketFrame t && t.text().contains("subscribe"))
                                    .map(f -> (WebSocketFrame) new TextWebSocketFrame(Unpooled.wrappedBuffer(CONFIRMED)))).then();
                        })
                        .post("/publish", (req, res) -> req.receive().aggregate().asByteArray().flatMap(body -> {
                            byte[] head = ("{\"type\":\"channel_message\",\"channel\":\"bench\",\"seq\":" + seq.incrementAndGet()
                                    + ",\"ts\":\"" + java.time.Instant.now() + "\",\"data\":").getBytes(StandardCharsets.UTF_8);
                            ByteBuf frame = Unpooled.buffer(head.length + body.length + 1).writeBytes(head).writeBytes(body).writeByte('}');
                            for (Channel ch : sockets) {
                                ch.writeAndFlush(new TextWebSocketFrame(frame.retainedDuplicate()));
                            }
                            frame.release();
                            return res.status(202).send().then();
                        }).then(Mono.empty())))
                .bindNow();
        System.out.println("netty broadcast server on port " + server.port());
        server.onDispose().block();
    }
}
