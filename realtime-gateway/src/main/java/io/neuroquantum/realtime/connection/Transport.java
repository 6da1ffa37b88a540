package io.neuroquantum.realtime.connection;

import java.util.concurrent.Executor;

/**
 * The socket under a {@link Connection}, as the core sees it. The web layer implements it on a
 * Reactor Netty WebSocket; tests implement it in memory.
 */
public interface Transport {

    /** The FIFO executor that owns this socket (its event loop): channel deliveries run here. */
    Executor lane();

    /**
     * Frames are waiting in the connection's {@link io.neuroquantum.realtime.flow.OutboundQueue}:
     * write as many as the socket accepts now, and the rest when it becomes writable. Any thread.
     */
    void wake();

    /** Closes the socket now, without a close handshake (dead or stuck peers). Any thread. */
    void abort();
}
