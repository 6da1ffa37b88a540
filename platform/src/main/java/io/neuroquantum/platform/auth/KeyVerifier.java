package io.neuroquantum.platform.auth;

import java.util.concurrent.CompletableFuture;

/**
 * Checks a bearer key. Implementations never block the calling thread for I/O:
 * the result arrives through the future.
 */
public interface KeyVerifier {

    CompletableFuture<Verification> verify(String secret);
}
