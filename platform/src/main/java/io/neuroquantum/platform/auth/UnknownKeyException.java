package io.neuroquantum.platform.auth;

/** No key with the given id exists. */
public final class UnknownKeyException extends RuntimeException {

    public UnknownKeyException(String id) {
        super("no API key with id '" + id + "'");
    }
}
