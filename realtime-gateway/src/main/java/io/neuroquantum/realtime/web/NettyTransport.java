package io.neuroquantum.realtime.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.FastThreadLocal;
import io.neuroquantum.realtime.channel.ChannelMessage;
import io.neuroquantum.realtime.connection.CloseRequest;
import io.neuroquantum.realtime.connection.Connection;
import io.neuroquantum.realtime.connection.GatewayMetrics;
import io.neuroquantum.realtime.connection.Heartbeat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection's socket: writes its outbound queue to the Netty channel.
 *
 * <p>Pull, not push: a drain takes frames from the connection's bounded
 * {@link io.neuroquantum.realtime.flow.OutboundQueue} only while the channel is writable (below
 * Netty's write-buffer high-water mark), and {@link WritabilityHandler} drains again when it
 * becomes writable. So a slow reader's backlog stays in the bounded queue, where drop-oldest
 * and the lag bound apply, never in an unbounded Netty buffer, and other clients are not
 * affected.
 *
 * <p>Drains run only on the channel's event loop: {@link #wake()} from the loop drains at once
 * (channel deliveries run there, so a fan-out writes each socket without a thread hop), from
 * any other thread it schedules one drain task (at most one pending). Each drain flushes once.
 *
 * <p>Channel messages go out pre-encoded: server frames are not masked, so the WebSocket frame
 * of a channel message (header and JSON) is the same bytes for every subscriber. It is built
 * once per event loop and message ({@link #wire}) into a pooled direct buffer, and each
 * subscriber's write is a retained duplicate of it (no copy, no per-subscriber encoding). The
 * raw {@link ByteBuf} passes Netty's WebSocket encoder untouched, which is right only because
 * the gateway negotiates no extension (no permessage-deflate: {@code WebsocketServerSpec}
 * leaves compression off). Control frames (replies, pings) take the ordinary encoder.
 */
final class NettyTransport implements io.neuroquantum.realtime.connection.Transport {

    private final Channel channel;
    private final EventLoop loop;
    private final GatewayMetrics metrics;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = () -> {
        scheduled.set(false);
        drain();
    };
    private final CompletableFuture<CloseRequest> closing = new CompletableFuture<>();
    private volatile Connection connection;
    // Event-loop confined:
    private boolean done;
    private boolean draining;
    private boolean again;

    NettyTransport(reactor.netty.Connection connection, GatewayMetrics metrics) {
        this.channel = connection.channel();
        this.loop = channel.eventLoop();
        this.metrics = metrics;
        connection.addHandlerLast("nq.writability", new WritabilityHandler(this));
    }

    void bind(Connection c) {
        this.connection = c;
        wake();
    }

    /**
     * Completes on the event loop with the close frame the connection asked for, once every frame
     * queued before it was written; with null if the socket went away first.
     */
    CompletableFuture<CloseRequest> closing() {
        return closing;
    }

    /** The socket is gone: stop writing. */
    void finish() {
        closing.complete(null);
    }

    @Override
    public Executor lane() {
        return loop;
    }

    @Override
    public void wake() {
        if (loop.inEventLoop()) {
            drain();
        } else if (scheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    /** Writes what the queue holds while the channel is writable; re-entrant calls are folded into the running one. */
    private void drain() {
        if (draining) {
            again = true;
            return;
        }
        draining = true;
        try {
            do {
                again = false;
                drainOnce();
            } while (again);
        } finally {
            draining = false;
        }
    }

    private void drainOnce() {
        Connection c = connection;
        if (c == null || done || closing.isDone()) {
            return;
        }
        long now = System.nanoTime();
        boolean wrote = false;
        try {
            while (channel.isWritable()) {
                Object next = c.queue().poll(now);
                if (next == null) {
                    return;
                }
                switch (next) {
                    case ChannelMessage m -> {
                        metrics.messageOut(m.frame().length);
                        channel.write(wire(m, channel).retainedDuplicate(), channel.voidPromise());
                    }
                    case byte[] b -> {
                        metrics.messageOut(b.length);
                        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(b)), channel.voidPromise());
                    }
                    case Heartbeat h -> channel.write(new PingWebSocketFrame(), channel.voidPromise());
                    case CloseRequest r -> {
                        done = true;
                        if (wrote) {
                            channel.flush();
                            wrote = false;
                        }
                        closing.complete(r);
                        return;
                    }
                    default -> throw new IllegalStateException("unexpected outbound item " + next.getClass());
                }
                wrote = true;
            }
        } finally {
            if (wrote) {
                channel.flush();
            }
        }
    }

    @Override
    public void abort() {
        channel.close();
    }

    // ---- the shared wire frame --------------------------------------------------------------

    /** The last channel message encoded on this event loop and its WebSocket frame. */
    private static final class WireCache {
        ChannelMessage message;
        ByteBuf frame;
    }

    private static final FastThreadLocal<WireCache> WIRE = new FastThreadLocal<>() {
        @Override
        protected WireCache initialValue() {
            return new WireCache();
        }
    };

    /**
     * The complete WebSocket text frame of {@code m}, shared by every subscriber on this event
     * loop: a fan-out delivers one message to all of a loop's subscribers in a row, so it is
     * encoded once per loop. The cache holds one reference; each write takes its own.
     */
    static ByteBuf wire(ChannelMessage m, Channel channel) {
        WireCache cache = WIRE.get();
        if (cache.message != m) {
            if (cache.frame != null) {
                cache.frame.release();
            }
            cache.frame = encode(m.frame(), channel);
            cache.message = m;
        }
        return cache.frame;
    }

    /** An unmasked, final text frame (RFC 6455 section 5.2) holding {@code payload}. */
    static ByteBuf encode(byte[] payload, Channel channel) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        ByteBuf b = channel.alloc().directBuffer(header + n);
        b.writeByte(0x81); // FIN + text
        if (n < 126) {
            b.writeByte(n);
        } else if (n < 65536) {
            b.writeByte(126);
            b.writeShort(n);
        } else {
            b.writeByte(127);
            b.writeLong(n);
        }
        return b.writeBytes(payload);
    }

    /** Drains again when the channel becomes writable. */
    private static final class WritabilityHandler extends ChannelInboundHandlerAdapter {

        private final NettyTransport transport;

        WritabilityHandler(NettyTransport transport) {
            this.transport = transport;
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable()) {
                transport.wake();
            }
            super.channelWritabilityChanged(ctx);
        }
    }
}
