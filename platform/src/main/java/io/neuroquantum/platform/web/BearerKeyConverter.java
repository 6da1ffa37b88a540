package io.neuroquantum.platform.web;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Bearer <key>}. No header: no authentication (the request
 * is anonymous and protected routes answer 401). A header of another scheme, or an
 * empty or oversized key: 401 saying so.
 */
public final class BearerKeyConverter implements ServerAuthenticationConverter {

    private static final int MAX_KEY_LENGTH = 512;

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Mono.empty();
        }
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.error(new BadCredentialsException("Authorization header must be 'Bearer <key>'"));
        }
        String key = header.substring(7).strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return Mono.error(new BadCredentialsException("bearer key is empty or too long"));
        }
        return Mono.just(KeyAuthentication.unverified(key));
    }
}
