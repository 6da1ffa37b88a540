package io.neuroquantum.platform.auth;

/** The outcome of checking a presented key. */
public sealed interface Verification {

    /** The key is valid and not revoked. */
    record Accepted(KeyPrincipal principal) implements Verification {
    }

    /** The key is unknown, malformed or revoked: the caller gets 401. */
    record Rejected(String reason) implements Verification {
    }

    /** The key could not be checked (the authority is down): the caller gets 503, never 401. */
    record Unavailable(String reason) implements Verification {
    }
}
