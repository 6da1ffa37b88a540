package io.neuroquantum.realtime.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.neuroquantum.realtime.channel.ChannelMessage;
import io.neuroquantum.realtime.connection.CloseRequest;
import io.neuroquantum.realtime.connection.Connection;
import io.neuroquantum.realtime.connection.GatewayMetrics;
import io.neuroquantum.realtime.connection.Heartbeat;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A connection's socket: turns its outbound queue into the Netty frames Reactor Netty writes.
 *
 * <p>{@link #frames()} emits only what downstream requested; Reactor Netty requests more as
 * the socket drains (it stops while the channel is not writable), so a slow reader leaves
 * frames in the bounded {@link io.neuroquantum.realtime.flow.OutboundQueue}, where drop-oldest
 * applies, never in an unbounded buffer. A channel message's bytes are shared by every
 * subscriber: each gets only a wrapper ({@link Unpooled#wrappedBuffer(byte[])}, no copy).
 *
 * <p>{@link #wake()} may be called from any thread; drains are serialised by {@code wip}
 * (the usual Reactor drain loop) and mostly run on the channel's event loop, because
 * deliveries are executed there.
 */
final class NettyTransport implements io.neuroquantum.realtime.connection.Transport {

    private final Channel channel;
    private final GatewayMetrics metrics;
    private final AtomicInteger wip = new AtomicInteger();
    private volatile Connection connection;
    private volatile FluxSink<WebSocketFrame> sink;
    private volatile CloseRequest closeRequest;
    private boolean done;

    NettyTransport(Channel channel, GatewayMetrics metrics) {
        this.channel = channel;
        this.metrics = metrics;
    }

    void bind(Connection c) {
        this.connection = c;
    }

    /** The frames to write; completes after the close request (then the close frame is sent). */
    Flux<WebSocketFrame> frames() {
        return Flux.push(s -> {
            sink = s;
            s.onRequest(n -> wake());
            wake();
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /** The close frame the connection asked for, once {@link #frames()} completed. */
    CloseRequest closeRequest() {
        return closeRequest;
    }

    /** The socket is gone: stop emitting. */
    void finish() {
        FluxSink<WebSocketFrame> s = sink;
        if (s != null) {
            s.complete();
        }
    }

    @Override
    public Executor lane() {
        return channel.eventLoop();
    }

    @Override
    public void wake() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            drain();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drain() {
        FluxSink<WebSocketFrame> s = sink;
        Connection c = connection;
        if (s == null || c == null || done) {
            return;
        }
        long now = System.nanoTime();
        while (s.requestedFromDownstream() > 0) {
            Object next = c.queue().poll(now);
            if (next == null) {
                return;
            }
            switch (next) {
                case ChannelMessage m -> text(s, m.frame());
                case byte[] b -> text(s, b);
                case Heartbeat h -> s.next(new PingWebSocketFrame());
                case CloseRequest r -> {
                    done = true;
                    closeRequest = r;
                    s.complete();
                    return;
                }
                default -> throw new IllegalStateException("unexpected outbound item " + next.getClass());
            }
        }
    }

    private void text(FluxSink<WebSocketFrame> s, byte[] bytes) {
        metrics.messageOut(bytes.length);
        s.next(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    @Override
    public void abort() {
        channel.close();
    }
}
