package io.neuroquantum.realtime.channel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A named channel: its seq counter, its history and its subscribers.
 *
 * <p>Every state change (publish, subscribe, unsubscribe) runs on the channel's
 * {@link SerialExecutor}, so seq order, history order and the order in which messages are
 * handed to subscriber lanes are one and the same, and a {@code from_seq} replay is taken at
 * an exact point between two publishes (nothing missed, nothing twice). The fan-out itself
 * takes no lock: {@code lanes} is an immutable snapshot (copy-on-write) read through a
 * volatile field, and each lane gets one task per message.
 */
public final class Channel {

    /** The subscribers that share one lane (event loop). Immutable. */
    private record LaneGroup(Executor lane, Subscriber[] subscribers) {
    }

    private static final LaneGroup[] NONE = new LaneGroup[0];

    private final String name;
    private final ChannelHistory history;
    private final SerialExecutor serial;
    private final MessageEncoder encoder;
    // Confined to `serial`:
    private long lastSeq;
    private final Map<Subscriber, Integer> refs = new HashMap<>();
    private final Map<Executor, List<Subscriber>> members = new LinkedHashMap<>();
    private final Map<Executor, LaneGroup> groups = new LinkedHashMap<>();
    // Written on `serial`, read by any thread:
    private volatile LaneGroup[] lanes = NONE;
    private volatile long publishedSeq;
    private volatile int subscriberCount;

    /** Encodes the {@code channel_message} frame of a message (once, for every subscriber). */
    @FunctionalInterface
    public interface MessageEncoder {
        byte[] encode(String channel, long seq, long epochMillis, byte[] dataJson);
    }

    Channel(String name, int historySize, long historyTtlNanos, MessageEncoder encoder, Consumer<Throwable> onError) {
        this.name = name;
        this.history = new ChannelHistory(historySize, historyTtlNanos);
        this.encoder = encoder;
        this.serial = new SerialExecutor(onError);
    }

    public String name() {
        return name;
    }

    /** The seq of the latest message (0 before the first). */
    public long lastSeq() {
        return publishedSeq;
    }

    public int subscriberCount() {
        return subscriberCount;
    }

    /**
     * Publishes {@code dataJson} (a complete JSON value): assigns the next seq, keeps it in the
     * history and hands it to every subscriber's lane. Completes with the message once it has
     * been handed over (delivery itself is asynchronous).
     */
    CompletableFuture<ChannelMessage> publish(byte[] dataJson, long epochMillis, long nowNanos) {
        CompletableFuture<ChannelMessage> done = new CompletableFuture<>();
        serial.execute(() -> {
            long seq = ++lastSeq;
            ChannelMessage m = new ChannelMessage(name, seq, epochMillis, nowNanos, encoder.encode(name, seq, epochMillis, dataJson));
            history.append(m);
            history.expire(nowNanos);
            publishedSeq = seq;
            for (LaneGroup g : lanes) {
                Subscriber[] subs = g.subscribers();
                g.lane().execute(() -> {
                    for (Subscriber s : subs) {
                        s.deliver(m);
                    }
                });
            }
            done.complete(m);
        });
        return done;
    }

    /**
     * Adds a subscriber (counted: a subscriber matched by two patterns gets each message
     * once). With {@code fromSeq >= 0}, first hands it the replay of what it missed.
     */
    void subscribe(Subscriber s, long fromSeq, long nowNanos) {
        serial.execute(() -> {
            if (fromSeq >= 0) {
                Replay r = history.replayFrom(name, fromSeq, lastSeq, nowNanos);
                s.lane().execute(() -> s.replay(r));
            }
            if (refs.merge(s, 1, Integer::sum) == 1) {
                members.computeIfAbsent(s.lane(), k -> new ArrayList<>()).add(s);
                rebuild(s.lane());
            }
        });
    }

    void replay(Subscriber s, long fromSeq, long nowNanos) {
        serial.execute(() -> {
            Replay r = history.replayFrom(name, fromSeq, lastSeq, nowNanos);
            s.lane().execute(() -> s.replay(r));
        });
    }

    void unsubscribe(Subscriber s) {
        serial.execute(() -> {
            if (refs.containsKey(s) && refs.computeIfPresent(s, (k, n) -> n > 1 ? n - 1 : null) == null) {
                leave(s);
            }
        });
    }

    /** Removes the subscriber whatever its count (its connection closed). */
    void remove(Subscriber s) {
        serial.execute(() -> {
            if (refs.remove(s) != null) {
                leave(s);
            }
        });
    }

    private void leave(Subscriber s) {
        List<Subscriber> list = members.get(s.lane());
        list.remove(s);
        if (list.isEmpty()) {
            members.remove(s.lane());
        }
        rebuild(s.lane());
    }

    /** Replaces the snapshot of one lane; the other lanes' arrays are reused as they are. */
    private void rebuild(Executor lane) {
        List<Subscriber> list = members.get(lane);
        if (list == null) {
            groups.remove(lane);
        } else {
            groups.put(lane, new LaneGroup(lane, list.toArray(Subscriber[]::new)));
        }
        lanes = groups.values().toArray(LaneGroup[]::new);
        subscriberCount = refs.size();
    }
}
