package io.neuroquantum.realtime.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * The last messages of one channel: at most {@code capacity} messages, none older than
 * {@code ttlNanos}. A ring buffer of references to the shared {@link ChannelMessage}s.
 *
 * <p>Not thread-safe: confined to its channel's serial executor (see {@link Channel}).
 * Invariant: the retained messages have consecutive seqs {@code first..first+size-1}, oldest
 * at {@code head}.
 */
final class ChannelHistory {

    private final ChannelMessage[] ring;
    private final long ttlNanos;
    private int head;
    private int size;

    ChannelHistory(int capacity, long ttlNanos) {
        this.ring = new ChannelMessage[Math.max(0, capacity)];
        this.ttlNanos = ttlNanos;
    }

    void append(ChannelMessage m) {
        if (ring.length == 0) {
            return;
        }
        if (size == ring.length) {
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
        }
        ring[(head + size) % ring.length] = m;
        size++;
    }

    /** Drops messages older than the time limit. */
    void expire(long nowNanos) {
        while (size > 0 && nowNanos - ring[head].publishNanos() > ttlNanos) {
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
        }
    }

    int size() {
        return size;
    }

    /**
     * The messages with {@code seq >= fromSeq}, and the gap if some of them are gone.
     *
     * @param lastSeq the channel's latest seq (0 if nothing was published yet)
     */
    Replay replayFrom(String channel, long fromSeq, long lastSeq, long nowNanos) {
        expire(nowNanos);
        long from = Math.max(1, fromSeq);
        long firstRetained = size == 0 ? lastSeq + 1 : ring[head].seq();
        List<ChannelMessage> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ChannelMessage m = ring[(head + i) % ring.length];
            if (m.seq() >= from) {
                out.add(m);
            }
        }
        long missedTo = Math.min(firstRetained - 1, lastSeq);
        return new Replay(channel, fromSeq, out, from, from <= missedTo ? missedTo : from - 1);
    }
}
