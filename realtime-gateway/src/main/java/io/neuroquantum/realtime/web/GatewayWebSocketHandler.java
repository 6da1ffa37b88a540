package io.neuroquantum.realtime.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.neuroquantum.realtime.config.MicrometerGatewayMetrics;
import io.neuroquantum.realtime.connection.Connection;
import io.neuroquantum.realtime.connection.Gateway;
import io.neuroquantum.realtime.config.RealtimeProperties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import io.neuroquantum.platform.problem.ApiProblem;
import java.net.URI;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * {@code /ws}: upgrades the request on Reactor Netty directly (no WebFlux session wrapper, so
 * frames are Netty frames end to end) and binds a Reactor Netty WebSocket to a core {@link Connection}. Inbound frames are
 * copied out of their buffers at once and handed to the {@link Gateway} one at a time (a frame
 * waits for the previous one, e.g. for its key check); {@link NettyTransport} writes the
 * connection's queue to the channel itself, and the outbound side here only sends the close
 * frame it asks for.
 */
@Component
public class GatewayWebSocketHandler implements WebHandler {

    private static final byte[] EMPTY = new byte[0];

    /** An inbound frame, copied out of Netty's buffer. */
    private record Inbound(int kind, byte[] bytes) {
        static final int TEXT = 0;
        static final int BINARY = 1;
        static final int OTHER = 2;
    }

    private final Gateway gateway;
    private final MicrometerGatewayMetrics metrics;
    private final int maxFrameBytes;
    private final WebsocketServerSpec spec;

    public GatewayWebSocketHandler(Gateway gateway, MicrometerGatewayMetrics metrics, RealtimeProperties props) {
        this.gateway = gateway;
        this.metrics = metrics;
        this.maxFrameBytes = (int) Math.max(props.maxFrameSize().toBytes(), props.maxMessageSize().toBytes());
        // handlePing(false): Reactor Netty answers pings itself; pongs reach us as signs of life.
        this.spec = WebsocketServerSpec.builder().maxFramePayloadLength(maxFrameBytes).handlePing(false).build();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.GET || !"websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
            return Mono.error(new ApiProblem(426, "upgrade-required", "Upgrade Required",
                    "/ws is a WebSocket endpoint: connect with a WebSocket client (GET with Upgrade: websocket)"));
        }
        URI uri = request.getURI();
        HttpServerResponse nativeResponse = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
        return exchange.getResponse().setComplete()
                .then(Mono.defer(() -> nativeResponse.sendWebsocket((in, out) -> session(in, out, uri), spec)));
    }

    private Mono<Void> session(WebsocketInbound in, WebsocketOutbound out, URI uri) {
        AtomicReference<reactor.netty.Connection> conn = new AtomicReference<>();
        in.withConnection(conn::set);
        String token = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("access_token");

        NettyTransport transport = new NettyTransport(conn.get(), metrics);
        Connection connection = gateway.open(transport, token == null ? null : decode(token));
        transport.bind(connection);

        Mono<Void> reads = in.aggregateFrames(maxFrameBytes).receiveFrames()
                .map(GatewayWebSocketHandler::copy)
                .concatMap(f -> {
                    CompletionStage<Void> pending = switch (f.kind()) {
                        case Inbound.TEXT -> gateway.onText(connection, f.bytes());
                        case Inbound.BINARY -> {
                            gateway.onBinary(connection, f.bytes().length);
                            yield null;
                        }
                        default -> {
                            connection.touched();
                            yield null;
                        }
                    };
                    return pending == null ? Mono.<Void>empty() : Mono.fromCompletionStage(pending);
                })
                .onErrorResume(e -> {
                    if (e instanceof TooLongFrameException || e instanceof CorruptedWebSocketFrameException) {
                        gateway.onTooLarge(connection);
                    }
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(transport::finish));

        // Frames are written by the transport; this only waits for the close it asks for.
        Mono<Void> writes = Mono.fromFuture(transport.closing(), true)
                .flatMap(close -> out.sendClose(close.code(), close.reason()))
                .onErrorResume(e -> Mono.<Void>empty());

        return Mono.when(reads, writes).doFinally(s -> gateway.closed(connection));
    }

    private static Inbound copy(WebSocketFrame frame) {
        ByteBuf content = frame.content();
        byte[] bytes = content.isReadable() ? ByteBufUtil.getBytes(content) : EMPTY;
        if (frame instanceof TextWebSocketFrame) {
            return new Inbound(Inbound.TEXT, bytes);
        }
        if (frame instanceof BinaryWebSocketFrame) {
            return new Inbound(Inbound.BINARY, bytes);
        }
        return new Inbound(Inbound.OTHER, EMPTY);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
