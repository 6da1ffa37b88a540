package io.neuroquantum.realtime.connection;

/**
 * Why a connection ended: the WebSocket close code sent, the reason text, and the tag of the
 * {@code nq_realtime_connections_closed_total} counter. 4000-4999 are this gateway's own codes.
 */
public enum CloseReason {
    NORMAL(1000, "normal", "bye"),
    CLIENT(1000, "client", "closed by the client"),
    TRANSPORT(1006, "transport", "connection lost"),
    SHUTDOWN(1001, "shutdown", "server shutting down"),
    AUTH_FAILED(1008, "auth_failed", "authentication failed"),
    AUTH_TIMEOUT(1008, "auth_timeout", "not authenticated in time"),
    UNAUTHENTICATED(1008, "unauthenticated", "authenticate first"),
    RATE_LIMITED(1008, "rate_limited", "message rate limit exceeded"),
    KEY_CONNECTION_LIMIT(1008, "key_connection_limit", "too many connections for this key"),
    CONNECTION_LIMIT(1013, "connection_limit", "too many connections, try again later"),
    AUTH_UNAVAILABLE(1013, "auth_unavailable", "key authority unavailable, try again later"),
    TOO_LARGE(1009, "too_large", "message too large"),
    HEARTBEAT_TIMEOUT(4000, "heartbeat_timeout", "no heartbeat from the client"),
    SLOW_CONSUMER(4001, "slow_consumer", "client too slow: outbound queue overflowed for too long"),
    NOT_READING(4002, "not_reading", "client does not read its replies"),
    INTERNAL(1011, "internal", "internal error");

    private final int code;
    private final String tag;
    private final String text;

    CloseReason(int code, String tag, String text) {
        this.code = code;
        this.tag = tag;
        this.text = text;
    }

    public int code() {
        return code;
    }

    /** Metric tag value. */
    public String tag() {
        return tag;
    }

    /** The close frame's reason text (at most 123 bytes by the protocol). */
    public String text() {
        return text;
    }
}
