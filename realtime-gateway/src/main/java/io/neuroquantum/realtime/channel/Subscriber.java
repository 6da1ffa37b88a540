package io.neuroquantum.realtime.channel;

import java.util.concurrent.Executor;

/**
 * Whoever receives channel messages (a WebSocket connection; later a live query).
 *
 * <p>{@link #deliver} and {@link #replay} are always called on {@link #lane()}, in the order in
 * which the channel produced them: lanes are FIFO executors (for sockets, the connection's
 * event loop). A channel hands each lane one task per message for all its subscribers on that
 * lane, so fan-out costs one task submission per lane, not per subscriber.
 */
public interface Subscriber {

    Executor lane();

    /** A live message. Must not block; a full outbound queue drops its oldest entry instead. */
    void deliver(ChannelMessage message);

    /** What a {@code from_seq} subscription missed, before any live message of that channel. */
    void replay(Replay replay);
}
