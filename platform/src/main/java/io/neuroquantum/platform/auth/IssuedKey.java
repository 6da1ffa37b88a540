package io.neuroquantum.platform.auth;

/** A freshly created key together with its secret, which is returned exactly once. */
public record IssuedKey(ApiKey key, String secret) {
}
