package io.neuroquantum.realtime.protocol;

/** The {@code code} values of {@code error} messages. Stable: clients switch on them. */
public final class ErrorCodes {

    public static final String INVALID_JSON = "invalid_json";
    public static final String INVALID_MESSAGE = "invalid_message";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String NOT_SUPPORTED = "not_supported";
    public static final String BINARY_NOT_SUPPORTED = "binary_not_supported";
    public static final String MESSAGE_TOO_LARGE = "message_too_large";
    public static final String INVALID_CHANNEL = "invalid_channel";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String AUTH_FAILED = "auth_failed";
    public static final String AUTH_UNAVAILABLE = "auth_unavailable";
    public static final String ALREADY_AUTHENTICATED = "already_authenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String TOO_MANY_SUBSCRIPTIONS = "too_many_subscriptions";
    public static final String NOT_SUBSCRIBED = "not_subscribed";
    public static final String LIMIT_EXCEEDED = "limit_exceeded";
    public static final String INTERNAL = "internal_error";

    private ErrorCodes() {
    }
}
