package io.neuroquantum.realtime.config;

import io.neuroquantum.platform.auth.KeyHasher;
import io.neuroquantum.platform.auth.KeyPrincipal;
import io.neuroquantum.platform.auth.KeyVerifier;
import io.neuroquantum.platform.auth.Role;
import io.neuroquantum.platform.auth.Verification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;

/**
 * The service's {@link KeyVerifier} plus one in-memory key for the startup warm-up
 * ({@link GatewayWarmUp}): a fresh random 256-bit secret that never leaves the process, accepted
 * (read and write, no admin) only until {@link #revoke()}, which the warm-up calls before the
 * service reports ready. Every other key goes to the real verifier unchanged.
 */
final class WarmUpKeyVerifier implements KeyVerifier {

    static final KeyPrincipal PRINCIPAL = new KeyPrincipal("warm-up", "realtime-gateway warm-up",
            EnumSet.of(Role.READ, Role.WRITE));

    private final KeyVerifier delegate;
    private volatile byte[] secret = KeyHasher.newSecret().getBytes(StandardCharsets.UTF_8);

    WarmUpKeyVerifier(KeyVerifier delegate) {
        this.delegate = delegate;
    }

    /** The warm-up key, or null once revoked. */
    String secret() {
        byte[] s = secret;
        return s == null ? null : new String(s, StandardCharsets.UTF_8);
    }

    void revoke() {
        secret = null;
    }

    @Override
    public CompletableFuture<Verification> verify(String presented) {
        byte[] s = secret;
        if (s != null && presented != null && MessageDigest.isEqual(s, presented.getBytes(StandardCharsets.UTF_8))) {
            return CompletableFuture.completedFuture(new Verification.Accepted(PRINCIPAL));
        }
        return delegate.verify(presented);
    }
}
