package io.neuroquantum.realtime.connection;

/** Control frames that are not text: the transport writes a WebSocket ping frame for {@link #PING}. */
public enum Heartbeat {
    PING
}
