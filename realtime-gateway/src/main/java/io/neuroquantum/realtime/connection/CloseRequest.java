package io.neuroquantum.realtime.connection;

/** The last control frame of a connection: the transport sends a close frame with these and stops writing. */
public record CloseRequest(int code, String reason) {
}
