package io.neuroquantum.realtime.protocol;

/** A decoded client frame. {@code type} values are the snake_case names of ARCHITECTURE.md. */
public sealed interface ClientMessage {

    /** {@code {"type":"auth","token":"nq_..."}} */
    record Auth(String token) implements ClientMessage {
    }

    /** {@code {"type":"subscribe","channel":"sensors.*","from_seq":41}}; fromSeq is -1 when absent. */
    record Subscribe(String channel, long fromSeq) implements ClientMessage {
    }

    /** {@code {"type":"unsubscribe","channel":"sensors.*"}} */
    record Unsubscribe(String channel) implements ClientMessage {
    }

    /** {@code {"type":"publish","channel":"sensors.t1","data":{...}}}; data is the JSON of the value. */
    record Publish(String channel, byte[] data) implements ClientMessage {
    }

    /** {@code {"type":"ping"}}: answered with {@code pong}. */
    record Ping() implements ClientMessage {
    }

    /** {@code {"type":"pong"}}: counts as a sign of life. */
    record Pong() implements ClientMessage {
    }

    /**
     * A type this gateway knows but does not serve yet ({@code stream_query},
     * {@code cancel_query}, {@code live_query}).
     */
    record NotYetSupported(String type) implements ClientMessage {
    }
}
