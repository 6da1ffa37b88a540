package io.neuroquantum.realtime.connection;

import io.neuroquantum.platform.auth.KeyPrincipal;
import io.neuroquantum.platform.auth.KeyVerifier;
import io.neuroquantum.platform.auth.Verification;
import io.neuroquantum.realtime.channel.ChannelMessage;
import io.neuroquantum.realtime.channel.ChannelNames;
import io.neuroquantum.realtime.channel.ChannelPattern;
import io.neuroquantum.realtime.channel.ChannelRouter;
import io.neuroquantum.realtime.flow.OutboundQueue;
import io.neuroquantum.realtime.flow.TokenBucket;
import io.neuroquantum.realtime.protocol.ClientMessage;
import io.neuroquantum.realtime.protocol.ErrorCodes;
import io.neuroquantum.realtime.protocol.ProtocolCodec;
import io.neuroquantum.realtime.protocol.ProtocolException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's protocol engine: the connection registry, authentication, the client messages,
 * heartbeats and limits. Transport-agnostic: the web layer feeds it frames and writes what the
 * connections' outbound queues hold.
 *
 * <p>A connection authenticates before anything else, with the {@code access_token} given at
 * connect time or a first {@code auth} message; until then every other message closes it
 * (1008), and {@link #tick()} closes it after the grace period.
 */
public final class Gateway {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** A snapshot for the dashboard and gauges. */
    public record Stats(int connections, int authenticated, int channels, long queuedMessages, long queuedBytes,
                        int maxQueuedMessages, long dropped, boolean draining) {
    }

    private final GatewayLimits limits;
    private final ChannelRouter router;
    private final KeyVerifier verifier;
    private final ChannelAccess access;
    private final GatewayMetrics metrics;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Long, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean draining;

    public Gateway(GatewayLimits limits, ChannelRouter router, KeyVerifier verifier, ChannelAccess access,
                   GatewayMetrics metrics, LongSupplier nanoTime) {
        this.limits = limits;
        this.router = router;
        this.verifier = verifier;
        this.access = access;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    public GatewayLimits limits() {
        return limits;
    }

    public ChannelRouter router() {
        return router;
    }

    // ---- connection lifecycle -------------------------------------------------------------

    /**
     * Registers a new socket. With an {@code accessToken} (query parameter) verification starts
     * at once and the first frames wait for it. The connection may come back already closing
     * (limits, drain): its transport then just sends the close frame.
     */
    public Connection open(Transport transport, String accessToken) {
        long now = nanoTime.getAsLong();
        Connection c = new Connection(ids.incrementAndGet(), transport,
                new OutboundQueue(limits.queue(), metrics::dropped),
                new TokenBucket(limits.messagesPerSecond(), limits.burst(), now), nanoTime);
        connections.put(c.id(), c);
        metrics.connectionOpened();
        int n = open.incrementAndGet();
        if (draining) {
            c.close(CloseReason.SHUTDOWN);
        } else if (n > limits.maxConnections()) {
            c.close(CloseReason.CONNECTION_LIMIT);
        } else if (accessToken != null && !accessToken.isEmpty()) {
            startAuthentication(c, accessToken);
        }
        return c;
    }

    /** The socket closed (either side) or failed; idempotent. */
    public void closed(Connection c) {
        if (!c.markClosed(CloseReason.CLIENT)) {
            return;
        }
        connections.remove(c.id());
        open.decrementAndGet();
        KeyPrincipal p = c.principal();
        if (p != null) {
            perKey.computeIfPresent(p.id(), (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        if (!c.subscriptions().isEmpty()) {
            router.removeAll(c, List.copyOf(c.subscriptions()));
        }
        metrics.connectionClosed(c.closeReason());
    }

    // ---- inbound --------------------------------------------------------------------------

    /**
     * Handles one client text frame. Returns null when it was handled at once, or a stage that
     * completes when it was (authentication); the caller must not hand over the next frame of
     * this connection before that.
     */
    public CompletionStage<Void> onText(Connection c, byte[] frame) {
        c.touched();
        metrics.messageIn(frame.length);
        CompletableFuture<Void> pending = c.authentication;
        if (pending != null && !pending.isDone()) {
            return pending.thenRun(() -> handle(c, frame));
        }
        return handle(c, frame);
    }

    /** A binary frame: not part of the protocol. */
    public void onBinary(Connection c, int length) {
        c.touched();
        metrics.messageIn(length);
        error(c, ErrorCodes.BINARY_NOT_SUPPORTED, "binary frames are not supported: send JSON text frames");
    }

    /** A frame over the transport's hard size limit arrived: the transport closes with 1009. */
    public void onTooLarge(Connection c) {
        c.close(CloseReason.TOO_LARGE);
    }

    private CompletionStage<Void> handle(Connection c, byte[] frame) {
        Connection.State state = c.state();
        if (state == Connection.State.CLOSING || state == Connection.State.CLOSED) {
            return null;
        }
        long now = nanoTime.getAsLong();
        if (!c.bucket.tryAcquire(now)) {
            if (++c.rateViolations > limits.maxRateViolations()) {
                error(c, ErrorCodes.RATE_LIMITED, "too many messages: closing");
                c.close(CloseReason.RATE_LIMITED);
            } else {
                error(c, ErrorCodes.RATE_LIMITED, "over " + limits.messagesPerSecond() + " messages per second: message ignored");
            }
            return null;
        }
        c.rateViolations = 0;
        if (frame.length > limits.maxMessageBytes()) {
            error(c, ErrorCodes.MESSAGE_TOO_LARGE, "message of " + frame.length + " bytes exceeds the limit of "
                    + limits.maxMessageBytes() + " bytes (nq.realtime.max-message-size)");
            return null;
        }
        ClientMessage m;
        try {
            m = ProtocolCodec.decode(frame);
        } catch (ProtocolException e) {
            error(c, e.code(), e.getMessage());
            if (state != Connection.State.OPEN) {
                c.close(CloseReason.UNAUTHENTICATED);
            }
            return null;
        }
        if (state != Connection.State.OPEN) {
            if (m instanceof ClientMessage.Auth auth && state == Connection.State.AWAITING_AUTH) {
                return startAuthentication(c, auth.token());
            }
            error(c, ErrorCodes.UNAUTHENTICATED, "authenticate first: send {\"type\":\"auth\",\"token\":\"<key>\"} "
                    + "or connect with ?access_token=<key>");
            c.close(CloseReason.UNAUTHENTICATED);
            return null;
        }
        try {
            switch (m) {
                case ClientMessage.Auth a -> error(c, ErrorCodes.ALREADY_AUTHENTICATED, "this connection is already authenticated");
                case ClientMessage.Subscribe s -> subscribe(c, s);
                case ClientMessage.Unsubscribe u -> unsubscribe(c, u);
                case ClientMessage.Publish p -> publish(c, p);
                case ClientMessage.Ping p -> c.send(ProtocolCodec.pong());
                case ClientMessage.Pong p -> { }
                case ClientMessage.NotYetSupported n -> error(c, ErrorCodes.NOT_SUPPORTED,
                        "'" + n.type() + "' is not available on this gateway yet");
            }
        } catch (ChannelRouter.LimitExceeded e) {
            error(c, ErrorCodes.LIMIT_EXCEEDED, e.getMessage());
        }
        return null;
    }

    private CompletableFuture<Void> startAuthentication(Connection c, String token) {
        if (!c.moveTo(Connection.State.AWAITING_AUTH, Connection.State.AUTHENTICATING)) {
            return null;
        }
        CompletableFuture<Void> done = verifier.verify(token)
                .exceptionally(e -> new Verification.Unavailable(String.valueOf(e.getMessage())))
                .thenAccept(v -> authenticated(c, v));
        c.authentication = done;
        return done;
    }

    private void authenticated(Connection c, Verification v) {
        switch (v) {
            case Verification.Accepted a -> {
                KeyPrincipal p = a.principal();
                int n = perKey.computeIfAbsent(p.id(), k -> new AtomicInteger()).incrementAndGet();
                c.authenticated(p); // counted in perKey from here on (closed() decrements)
                if (n > limits.maxConnectionsPerKey()) {
                    error(c, ErrorCodes.LIMIT_EXCEEDED, "key " + p.id() + " already has " + limits.maxConnectionsPerKey()
                            + " connections (nq.realtime.max-connections-per-key)");
                    c.close(CloseReason.KEY_CONNECTION_LIMIT);
                } else if (c.moveTo(Connection.State.AUTHENTICATING, Connection.State.OPEN)) {
                    c.send(ProtocolCodec.authenticated(p));
                }
            }
            case Verification.Rejected r -> {
                error(c, ErrorCodes.AUTH_FAILED, r.reason());
                c.close(CloseReason.AUTH_FAILED);
            }
            case Verification.Unavailable u -> {
                error(c, ErrorCodes.AUTH_UNAVAILABLE, "cannot check keys right now: " + u.reason());
                c.close(CloseReason.AUTH_UNAVAILABLE);
            }
        }
    }

    private void subscribe(Connection c, ClientMessage.Subscribe s) {
        ChannelPattern pattern;
        try {
            pattern = ChannelPattern.parse(s.channel());
        } catch (IllegalArgumentException e) {
            error(c, ErrorCodes.INVALID_CHANNEL, e.getMessage());
            return;
        }
        if (s.fromSeq() >= 0 && !pattern.isExact()) {
            error(c, ErrorCodes.INVALID_MESSAGE, "from_seq needs an exact channel, not the pattern '" + pattern.text() + "'");
            return;
        }
        String denied = access.checkRead(c.principal(), pattern);
        if (denied != null) {
            error(c, ErrorCodes.FORBIDDEN, denied);
            return;
        }
        if (c.subscriptions().contains(pattern)) {
            c.send(ProtocolCodec.subscriptionConfirmed(pattern.text()));
            if (s.fromSeq() >= 0) {
                router.replay(c, pattern.text(), s.fromSeq());
            }
            return;
        }
        if (c.subscriptions().size() >= limits.maxSubscriptions()) {
            error(c, ErrorCodes.TOO_MANY_SUBSCRIPTIONS, "a connection may hold " + limits.maxSubscriptions()
                    + " subscriptions (nq.realtime.max-subscriptions-per-connection)");
            return;
        }
        // The confirmation is queued first: control frames queued before data go out before it.
        c.subscriptions().add(pattern);
        c.send(ProtocolCodec.subscriptionConfirmed(pattern.text()));
        try {
            router.subscribe(c, pattern, s.fromSeq());
        } catch (RuntimeException e) {
            c.subscriptions().remove(pattern);
            throw e;
        }
    }

    private void unsubscribe(Connection c, ClientMessage.Unsubscribe u) {
        ChannelPattern pattern;
        try {
            pattern = ChannelPattern.parse(u.channel());
        } catch (IllegalArgumentException e) {
            error(c, ErrorCodes.INVALID_CHANNEL, e.getMessage());
            return;
        }
        if (!c.subscriptions().remove(pattern)) {
            error(c, ErrorCodes.NOT_SUBSCRIBED, "not subscribed to '" + pattern.text() + "'");
            return;
        }
        router.unsubscribe(c, pattern);
        c.send(ProtocolCodec.unsubscribed(pattern.text()));
    }

    private void publish(Connection c, ClientMessage.Publish p) {
        String problem = ChannelNames.problem(p.channel());
        if (problem != null) {
            error(c, ErrorCodes.INVALID_CHANNEL, problem + " (publish needs a concrete channel, no wildcards)");
            return;
        }
        String denied = access.checkWrite(c.principal(), p.channel());
        if (denied != null) {
            error(c, ErrorCodes.FORBIDDEN, denied);
            return;
        }
        router.publish(p.channel(), p.data());
        metrics.published(p.channel());
    }

    private void error(Connection c, String code, String message) {
        metrics.error(code);
        c.send(ProtocolCodec.error(code, message));
    }

    // ---- REST publish ---------------------------------------------------------------------

    /**
     * Publishes {@code data} (checked JSON) for a REST caller. Throws {@link ProtocolException}
     * with {@link ErrorCodes#INVALID_CHANNEL} or {@link ErrorCodes#FORBIDDEN}, or
     * {@link ChannelRouter.LimitExceeded}.
     */
    public CompletableFuture<ChannelMessage> publish(KeyPrincipal principal, String channel, byte[] data) {
        String problem = ChannelNames.problem(channel);
        if (problem != null) {
            throw new ProtocolException(ErrorCodes.INVALID_CHANNEL, problem);
        }
        String denied = access.checkWrite(principal, channel);
        if (denied != null) {
            throw new ProtocolException(ErrorCodes.FORBIDDEN, denied);
        }
        metrics.published(channel);
        return router.publish(channel, data);
    }

    // ---- heartbeats, timeouts, drain -----------------------------------------------------

    /**
     * Periodic work, every {@link GatewayLimits#tickNanos()}: closes sockets that did not
     * authenticate in time, pings, closes dead peers and sustained slow consumers, and cuts
     * sockets whose close handshake takes too long.
     */
    public void tick() {
        long now = nanoTime.getAsLong();
        for (Connection c : connections.values()) {
            switch (c.state()) {
                case AWAITING_AUTH, AUTHENTICATING -> {
                    if (now - c.openedNanos() > limits.authGraceNanos()) {
                        error(c, ErrorCodes.UNAUTHENTICATED, "not authenticated within the grace period");
                        c.close(CloseReason.AUTH_TIMEOUT);
                    }
                }
                case OPEN -> {
                    if (now - c.lastSeenNanos() > limits.pingTimeoutNanos()) {
                        c.close(CloseReason.HEARTBEAT_TIMEOUT);
                    } else if (c.queue().overflowingForNanos(now) > limits.slowConsumerNanos()) {
                        c.close(CloseReason.SLOW_CONSUMER);
                    } else if (now - c.lastPingNanos() >= limits.pingIntervalNanos()) {
                        c.pinged(now);
                    }
                }
                case CLOSING -> {
                    if (now - c.closeRequestedNanos() > limits.closeTimeoutNanos()) {
                        c.transport().abort();
                    }
                }
                case CLOSED -> connections.remove(c.id());
            }
        }
    }

    /**
     * Graceful drain: refuse new sockets, close every open one with 1001 after what is queued
     * for it, and wait up to {@code timeoutNanos} for them to go; cut the rest. Returns how
     * many had to be cut.
     */
    public int drain(long timeoutNanos) {
        draining = true;
        for (Connection c : connections.values()) {
            c.close(CloseReason.SHUTDOWN);
        }
        // Real time, not the injected clock: this waits for sockets to go.
        long deadline = System.nanoTime() + timeoutNanos;
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L);
        }
        int cut = 0;
        for (Connection c : connections.values()) {
            c.transport().abort();
            cut++;
        }
        if (cut > 0) {
            log.warn("drain: {} connections did not close in time and were cut", cut);
        }
        return cut;
    }

    public boolean draining() {
        return draining;
    }

    public Stats stats() {
        int authenticated = 0;
        long queued = 0;
        long bytes = 0;
        int max = 0;
        long dropped = 0;
        for (Connection c : connections.values()) {
            if (c.state() == Connection.State.OPEN) {
                authenticated++;
            }
            int q = c.queue().dataSize();
            queued += q;
            max = Math.max(max, q);
            bytes += c.queue().dataBytes();
            dropped += c.queue().droppedTotal();
        }
        return new Stats(connections.size(), authenticated, router.channelCount(), queued, bytes, max, dropped, draining);
    }
}
