package io.neuroquantum.platform.web;

import io.neuroquantum.platform.auth.KeyVerifier;
import io.neuroquantum.platform.auth.Verification;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/** Verifies a {@link KeyAuthentication} through the service's {@link KeyVerifier}. */
public final class KeyAuthenticationManager implements ReactiveAuthenticationManager {

    private final KeyVerifier verifier;

    public KeyAuthenticationManager(KeyVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof KeyAuthentication key) || key.secret() == null) {
            return Mono.empty();
        }
        return Mono.fromFuture(() -> verifier.verify(key.secret())).flatMap(v -> switch (v) {
            case Verification.Accepted a -> Mono.just(KeyAuthentication.verified(a.principal()));
            case Verification.Rejected r -> Mono.error(new BadCredentialsException(r.reason()));
            case Verification.Unavailable u -> Mono.error(new AuthenticationServiceException(u.reason()));
        });
    }
}
