package io.neuroquantum.realtime.connection;

/**
 * What the core reports; the config layer implements it with Micrometer. Calls are on hot
 * paths: implementations must be cheap and non-blocking.
 */
public interface GatewayMetrics {

    GatewayMetrics NONE = new GatewayMetrics() {
    };

    default void connectionOpened() {
    }

    default void connectionClosed(CloseReason reason) {
    }

    default void messageIn(int bytes) {
    }

    /** A frame written to a socket. */
    default void messageOut(int bytes) {
    }

    default void published(String channel) {
    }

    /** A data frame dropped for a slow consumer (queue full or too old). */
    default void dropped(String channel, int bytes) {
    }

    /** An {@code error} message sent, by code. */
    default void error(String code) {
    }
}
