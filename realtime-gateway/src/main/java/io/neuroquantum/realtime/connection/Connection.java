package io.neuroquantum.realtime.connection;

import io.neuroquantum.platform.auth.KeyPrincipal;
import io.neuroquantum.realtime.channel.ChannelMessage;
import io.neuroquantum.realtime.channel.ChannelPattern;
import io.neuroquantum.realtime.channel.Replay;
import io.neuroquantum.realtime.channel.Subscriber;
import io.neuroquantum.realtime.flow.OutboundQueue;
import io.neuroquantum.realtime.flow.TokenBucket;
import io.neuroquantum.realtime.protocol.ProtocolCodec;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One WebSocket client: who it is, what it subscribed to, and what is waiting to be written.
 *
 * <p>Threads: inbound frames are handled one at a time (the web layer chains them), so the
 * token bucket and {@code rateViolations} are confined to that chain; channel deliveries run on
 * {@link #lane()}; {@link #send} and {@link #close} may be called from anywhere. State moves
 * only forward: AWAITING_AUTH -> AUTHENTICATING -> OPEN -> CLOSING -> CLOSED (CLOSING and
 * CLOSED may be reached from any state).
 */
public final class Connection implements Subscriber {

    public enum State { AWAITING_AUTH, AUTHENTICATING, OPEN, CLOSING, CLOSED }

    private final long id;
    private final Transport transport;
    private final OutboundQueue queue;
    private final LongSupplier nanoTime;
    private final long openedNanos;
    private final AtomicReference<State> state = new AtomicReference<>(State.AWAITING_AUTH);
    private final Set<ChannelPattern> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile KeyPrincipal principal;
    private volatile long lastSeenNanos;
    private volatile long lastPingNanos;
    private volatile long closeRequestedNanos;
    private volatile CloseReason closeReason;
    // Inbound-confined:
    final TokenBucket bucket;
    int rateViolations;
    CompletableFuture<Void> authentication;

    Connection(long id, Transport transport, OutboundQueue queue, TokenBucket bucket, LongSupplier nanoTime) {
        this.id = id;
        this.transport = transport;
        this.queue = queue;
        this.bucket = bucket;
        this.nanoTime = nanoTime;
        this.openedNanos = nanoTime.getAsLong();
        this.lastSeenNanos = openedNanos;
        this.lastPingNanos = openedNanos;
    }

    public long id() {
        return id;
    }

    public State state() {
        return state.get();
    }

    public KeyPrincipal principal() {
        return principal;
    }

    public OutboundQueue queue() {
        return queue;
    }

    public Set<ChannelPattern> subscriptions() {
        return subscriptions;
    }

    /** Why the connection is closing or closed, or null while it is open. */
    public CloseReason closeReason() {
        return closeReason;
    }

    long openedNanos() {
        return openedNanos;
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    long closeRequestedNanos() {
        return closeRequestedNanos;
    }

    Transport transport() {
        return transport;
    }

    boolean moveTo(State from, State to) {
        return state.compareAndSet(from, to);
    }

    void authenticated(KeyPrincipal p) {
        principal = p;
    }

    /** Any frame from the peer (data, pong) proves it is alive. */
    public void touched() {
        lastSeenNanos = nanoTime.getAsLong();
    }

    void pinged(long nowNanos) {
        lastPingNanos = nowNanos;
        if (queue.offerControl(Heartbeat.PING)) {
            transport.wake();
        }
    }

    /** Queues a control frame (reply, error, notice); a client that lets them pile up is closed. */
    public void send(byte[] frame) {
        if (state.get() == State.CLOSING || state.get() == State.CLOSED) {
            return;
        }
        if (queue.offerControl(frame)) {
            transport.wake();
        } else {
            close(CloseReason.NOT_READING);
        }
    }

    /**
     * Starts closing: queued control frames go out, then a close frame with the reason's code;
     * data still queued is discarded. Returns false if the connection was already closing. The
     * gateway's ticker cuts the socket if the peer does not finish the handshake in time.
     */
    public boolean close(CloseReason reason) {
        while (true) {
            State s = state.get();
            if (s == State.CLOSING || s == State.CLOSED) {
                return false;
            }
            if (state.compareAndSet(s, State.CLOSING)) {
                closeReason = reason;
                closeRequestedNanos = nanoTime.getAsLong();
                queue.forceControl(new CloseRequest(reason.code(), reason.text()));
                transport.wake();
                return true;
            }
        }
    }

    /** The socket is gone; returns false if it was already marked closed. */
    boolean markClosed(CloseReason ifUnknown) {
        State before = state.getAndSet(State.CLOSED);
        if (before == State.CLOSED) {
            return false;
        }
        if (closeReason == null) {
            closeReason = ifUnknown;
        }
        return true;
    }

    @Override
    public Executor lane() {
        return transport.lane();
    }

    @Override
    public void deliver(ChannelMessage message) {
        if (state.get() != State.OPEN) {
            return;
        }
        queue.offerData(message, nanoTime.getAsLong());
        transport.wake();
    }

    @Override
    public void replay(Replay replay) {
        if (state.get() != State.OPEN) {
            return;
        }
        if (replay.hasGap()) {
            send(ProtocolCodec.historyGap(replay.channel(), replay.fromSeq(), replay.missedFrom(), replay.missedTo()));
        }
        long now = nanoTime.getAsLong();
        for (ChannelMessage m : replay.messages()) {
            queue.offerReplay(m, now);
        }
        transport.wake();
    }

    @Override
    public String toString() {
        return "connection " + id + (principal == null ? "" : " (key " + principal.id() + ")");
    }
}
