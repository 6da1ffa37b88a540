package io.neuroquantum.platform.web;

import io.neuroquantum.platform.auth.KeyPrincipal;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A bearer key, before verification (unauthenticated, holds the secret) or after it
 * (authenticated, holds the {@link KeyPrincipal}, authorities {@code ROLE_READ|WRITE|ADMIN}).
 * The secret is dropped once verified and never appears in {@link #toString()}.
 */
public final class KeyAuthentication extends AbstractAuthenticationToken {

    private final transient String secret;
    private final KeyPrincipal principal;

    private KeyAuthentication(String secret, KeyPrincipal principal) {
        super(principal == null ? List.of()
                : principal.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
        this.secret = secret;
        this.principal = principal;
        setAuthenticated(principal != null);
    }

    public static KeyAuthentication unverified(String secret) {
        return new KeyAuthentication(secret, null);
    }

    public static KeyAuthentication verified(KeyPrincipal principal) {
        return new KeyAuthentication(null, principal);
    }

    String secret() {
        return secret;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal == null ? "unverified-key" : principal.id();
    }

    @Override
    public String toString() {
        return "KeyAuthentication[" + getName() + "]";
    }
}
