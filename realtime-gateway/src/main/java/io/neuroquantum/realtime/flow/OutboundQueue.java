package io.neuroquantum.realtime.flow;

import io.neuroquantum.realtime.channel.ChannelMessage;
import io.neuroquantum.realtime.protocol.ProtocolCodec;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one connection still has to write, in two lanes.
 *
 * <ul>
 *   <li><b>control</b>: replies, errors, pings, notices, the close request. Never dropped;
 *       bounded by {@code maxControl} (a client that does not read its replies overflows it and
 *       is disconnected by the caller). Always written before waiting data.</li>
 *   <li><b>data</b>: channel messages (shared {@link ChannelMessage} frames, no copy). Bounded
 *       by count, bytes and lag: when full, the oldest entry is dropped (drop-oldest), and a
 *       message that waited longer than {@code maxLagNanos} is dropped when it reaches the
 *       head. Drops are counted per channel and reported to the client as
 *       {@code {"type":"dropped","channel","count"}} before the next data frame.</li>
 * </ul>
 *
 * <p>Threads: any number of producers (lanes, inbound handling, the heartbeat ticker); one
 * consumer at a time (the connection's writer, which serialises its drains). Lock-free:
 * both lanes are {@link ConcurrentLinkedQueue}s with atomic counters; producers that drop
 * the oldest entry poll the same queue the consumer polls.
 *
 * <p>Ordering guarantee: a control frame offered before a data frame is written before it
 * (the consumer re-checks the control lane after taking a data frame and holds the data frame
 * back if control arrived). Data frames may be overtaken by later control frames: that is the
 * bypass.
 *
 * <p>Memory: at most {@code maxMessages} entries and about {@code maxBytes} of frames in the
 * data lane, whatever the client does.
 */
public final class OutboundQueue {

    /** Limits of one queue. */
    public record Limits(int maxMessages, long maxBytes, long maxLagNanos, int maxControl) {
    }

    /** Told about every dropped data frame (metrics). */
    @FunctionalInterface
    public interface DropListener {
        void dropped(String channel, int bytes);
    }

    /** A replayed message: its lag counts from when it was queued, not when it was published. */
    private record Replayed(ChannelMessage message, long queuedNanos) {
    }

    private final Limits limits;
    private final DropListener dropListener;
    private final ConcurrentLinkedQueue<Object> control = new ConcurrentLinkedQueue<>();
    private final AtomicInteger controlSize = new AtomicInteger();
    private final ConcurrentLinkedQueue<Object> data = new ConcurrentLinkedQueue<>();
    private final AtomicInteger dataSize = new AtomicInteger();
    private final AtomicLong dataBytes = new AtomicLong();
    private final Map<String, AtomicLong> droppedByChannel = new ConcurrentHashMap<>();
    private final AtomicLong droppedTotal = new AtomicLong();
    private volatile boolean dropsToReport;
    private volatile long overflowSinceNanos; // 0: not overflowing
    // Consumer-only state:
    private Object heldBack;
    private final ArrayDeque<byte[]> notices = new ArrayDeque<>();

    public OutboundQueue(Limits limits, DropListener dropListener) {
        this.limits = limits;
        this.dropListener = dropListener;
    }

    /** Queues a control frame; false if the control lane is full (the frame is not queued). */
    public boolean offerControl(Object frame) {
        if (controlSize.incrementAndGet() > limits.maxControl()) {
            controlSize.decrementAndGet();
            return false;
        }
        control.offer(frame);
        return true;
    }

    /** Queues a control frame even past the bound (the close request, once per connection). */
    public void forceControl(Object frame) {
        controlSize.incrementAndGet();
        control.offer(frame);
    }

    /** Queues a live channel message, dropping the oldest data while over the limits. */
    public void offerData(ChannelMessage m, long nowNanos) {
        data.offer(m);
        int n = dataSize.incrementAndGet();
        long bytes = dataBytes.addAndGet(m.frame().length);
        if (n > limits.maxMessages() || bytes > limits.maxBytes()) {
            shed(nowNanos);
        }
    }

    /** Queues a replayed message (same limits; its lag counts from now). */
    public void offerReplay(ChannelMessage m, long nowNanos) {
        data.offer(new Replayed(m, nowNanos));
        int n = dataSize.incrementAndGet();
        long bytes = dataBytes.addAndGet(m.frame().length);
        if (n > limits.maxMessages() || bytes > limits.maxBytes()) {
            shed(nowNanos);
        }
    }

    private void shed(long nowNanos) {
        while (dataSize.get() > limits.maxMessages() || dataBytes.get() > limits.maxBytes()) {
            Object oldest = data.poll();
            if (oldest == null) {
                return;
            }
            drop(oldest, nowNanos);
        }
    }

    private void drop(Object entry, long nowNanos) {
        ChannelMessage m = message(entry);
        dataSize.decrementAndGet();
        dataBytes.addAndGet(-m.frame().length);
        droppedByChannel.computeIfAbsent(m.channel(), c -> new AtomicLong()).incrementAndGet();
        droppedTotal.incrementAndGet();
        dropsToReport = true;
        if (overflowSinceNanos == 0) {
            overflowSinceNanos = nowNanos == 0 ? 1 : nowNanos;
        }
        dropListener.dropped(m.channel(), m.frame().length);
    }

    /**
     * The next frame to write, or null when both lanes are empty: a control object as offered,
     * a {@code byte[]} notice, or a {@link ChannelMessage}. Single consumer.
     */
    public Object poll(long nowNanos) {
        Object c = pollControl();
        if (c != null) {
            return c;
        }
        if (heldBack != null) {
            Object d = heldBack;
            heldBack = null;
            return d;
        }
        if (dropsToReport || !notices.isEmpty()) {
            byte[] notice = nextNotice();
            if (notice != null) {
                return notice;
            }
        }
        while (true) {
            Object d = data.poll();
            if (d == null) {
                overflowSinceNanos = 0;
                return null;
            }
            ChannelMessage m = message(d);
            long queuedAt = d instanceof Replayed r ? r.queuedNanos() : m.publishNanos();
            if (nowNanos - queuedAt > limits.maxLagNanos()) {
                drop(d, nowNanos);
                continue;
            }
            dataSize.decrementAndGet();
            dataBytes.addAndGet(-m.frame().length);
            if (dropsToReport) {
                // A drop happened while we were here: tell the client before this message.
                byte[] notice = nextNotice();
                if (notice != null) {
                    heldBack = m;
                    return notice;
                }
            }
            c = pollControl();
            if (c != null) {
                heldBack = m;
                return c;
            }
            return m;
        }
    }

    private Object pollControl() {
        Object c = control.poll();
        if (c != null) {
            controlSize.decrementAndGet();
        }
        return c;
    }

    private byte[] nextNotice() {
        if (dropsToReport) {
            dropsToReport = false;
            for (Map.Entry<String, AtomicLong> e : droppedByChannel.entrySet()) {
                long n = e.getValue().getAndSet(0);
                if (n > 0) {
                    notices.add(ProtocolCodec.dropped(e.getKey(), n));
                }
            }
        }
        return notices.poll();
    }

    private static ChannelMessage message(Object entry) {
        return entry instanceof Replayed r ? r.message() : (ChannelMessage) entry;
    }

    public boolean isEmpty() {
        return heldBack == null && control.isEmpty() && data.isEmpty() && !dropsToReport && notices.isEmpty();
    }

    public int dataSize() {
        return dataSize.get();
    }

    public long dataBytes() {
        return dataBytes.get();
    }

    public int controlSize() {
        return controlSize.get();
    }

    public long droppedTotal() {
        return droppedTotal.get();
    }

    /** How long the data lane has been overflowing without ever emptying, 0 if it is not. */
    public long overflowingForNanos(long nowNanos) {
        long since = overflowSinceNanos;
        return since == 0 ? 0 : nowNanos - since;
    }
}
