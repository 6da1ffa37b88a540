package io.neuroquantum.realtime.channel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * All channels, and the wildcard subscriptions that attach to channels as they appear.
 *
 * <p>Publishing to an existing channel is lock-free (a concurrent map lookup, then the
 * channel's serial executor). Creating a channel and adding or removing a wildcard
 * subscription are rare and synchronise on the router, so a channel created while a
 * wildcard subscription is added gets it exactly once.
 */
public final class ChannelRouter {

    /**
     * @param historySize     messages kept per channel
     * @param historyTtlNanos how long a message is kept at most
     * @param maxChannels     channels that may exist at once (a publish or subscribe creating
     *                        one more is refused)
     */
    public record Settings(int historySize, long historyTtlNanos, int maxChannels) {
    }

    /** A request that cannot be served as asked (the web layer turns it into an error). */
    public static final class LimitExceeded extends RuntimeException {
        public LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    private final Settings settings;
    private final Channel.MessageEncoder encoder;
    private final LongSupplier epochMillis;
    private final LongSupplier nanoTime;
    private final Consumer<Throwable> onError;
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    // Guarded by `this`: wildcard pattern -> its subscribers. A subscriber holds a pattern
    // at most once (the connection keeps its own set); overlaps between patterns are counted
    // by each channel.
    private final Map<ChannelPattern, Set<Subscriber>> wildcards = new HashMap<>();

    public ChannelRouter(Settings settings, Channel.MessageEncoder encoder, LongSupplier epochMillis, LongSupplier nanoTime,
                         Consumer<Throwable> onError) {
        this.settings = settings;
        this.encoder = encoder;
        this.epochMillis = epochMillis;
        this.nanoTime = nanoTime;
        this.onError = onError;
    }

    /** Publishes on a concrete channel (the name must be valid, see {@link ChannelNames}). */
    public CompletableFuture<ChannelMessage> publish(String channel, byte[] dataJson) {
        return channel(channel).publish(dataJson, epochMillis.getAsLong(), nanoTime.getAsLong());
    }

    /**
     * Subscribes to a pattern. An exact pattern may replay from {@code fromSeq} ({@code -1}:
     * live only); a wildcard pattern attaches to every matching channel, now and later.
     */
    public void subscribe(Subscriber s, ChannelPattern pattern, long fromSeq) {
        if (pattern.isExact()) {
            channel(pattern.text()).subscribe(s, fromSeq, nanoTime.getAsLong());
            return;
        }
        synchronized (this) {
            if (!wildcards.computeIfAbsent(pattern, p -> new HashSet<>()).add(s)) {
                return;
            }
            for (Channel c : channels.values()) {
                if (pattern.matches(c.name())) {
                    c.subscribe(s, -1, 0);
                }
            }
        }
    }

    /** Replays {@code fromSeq..} of an exact channel to a subscriber that is already subscribed. */
    public void replay(Subscriber s, String channel, long fromSeq) {
        channel(channel).replay(s, fromSeq, nanoTime.getAsLong());
    }

    public void unsubscribe(Subscriber s, ChannelPattern pattern) {
        if (pattern.isExact()) {
            Channel c = channels.get(pattern.text());
            if (c != null) {
                c.unsubscribe(s);
            }
            return;
        }
        synchronized (this) {
            Set<Subscriber> subs = wildcards.get(pattern);
            if (subs == null || !subs.remove(s)) {
                return;
            }
            if (subs.isEmpty()) {
                wildcards.remove(pattern);
            }
            for (Channel c : channels.values()) {
                if (pattern.matches(c.name())) {
                    c.unsubscribe(s);
                }
            }
        }
    }

    /** Removes a subscriber from everything (its connection is gone). */
    public void removeAll(Subscriber s, Collection<ChannelPattern> patterns) {
        synchronized (this) {
            for (ChannelPattern p : patterns) {
                if (!p.isExact()) {
                    Set<Subscriber> subs = wildcards.get(p);
                    if (subs != null) {
                        subs.remove(s);
                        if (subs.isEmpty()) {
                            wildcards.remove(p);
                        }
                    }
                }
            }
        }
        for (ChannelPattern p : patterns) {
            if (p.isExact()) {
                Channel c = channels.get(p.text());
                if (c != null) {
                    c.remove(s);
                }
            } else {
                for (Channel c : channels.values()) {
                    if (p.matches(c.name())) {
                        c.remove(s);
                    }
                }
            }
        }
    }

    /**
     * Forgets a channel that nobody subscribes to (its history goes with it). Returns false if
     * it does not exist or still has subscribers. Used to drop the startup warm-up's private
     * channel; channels are otherwise kept for their history.
     */
    public synchronized boolean removeIdle(String name) {
        Channel c = channels.get(name);
        if (c == null || c.subscriberCount() > 0) { // wildcard subscribers are counted too
            return false;
        }
        channels.remove(name);
        return true;
    }

    public Channel find(String name) {
        return channels.get(name);
    }

    public int channelCount() {
        return channels.size();
    }

    public List<Channel> channels() {
        return new ArrayList<>(channels.values());
    }

    private Channel channel(String name) {
        Channel c = channels.get(name);
        return c != null ? c : create(name);
    }

    private synchronized Channel create(String name) {
        Channel c = channels.get(name);
        if (c != null) {
            return c;
        }
        if (channels.size() >= settings.maxChannels()) {
            throw new LimitExceeded("the gateway already has " + settings.maxChannels()
                    + " channels (nq.realtime.max-channels)");
        }
        c = new Channel(name, settings.historySize(), settings.historyTtlNanos(), encoder, onError);
        for (Map.Entry<ChannelPattern, Set<Subscriber>> e : wildcards.entrySet()) {
            if (e.getKey().matches(name)) {
                for (Subscriber s : e.getValue()) {
                    c.subscribe(s, -1, 0);
                }
            }
        }
        channels.put(name, c);
        return c;
    }
}
