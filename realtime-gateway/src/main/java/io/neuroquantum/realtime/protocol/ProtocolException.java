package io.neuroquantum.realtime.protocol;

/** A client frame that cannot be served; becomes {@code {"type":"error","code","message"}}. */
public final class ProtocolException extends RuntimeException {

    private final String code;

    public ProtocolException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
