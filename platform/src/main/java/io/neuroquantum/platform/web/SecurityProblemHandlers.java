package io.neuroquantum.platform.web;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401, 403 and 503 for authentication, as problem+json. A missing key and a wrong key are
 * both 401 (with a detail telling which); a key that could not be checked because the key
 * authority is down is 503, so a client retries instead of assuming its key is bad.
 */
public final class SecurityProblemHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        closeIfBodyUnread(exchange);
        if (ex instanceof AuthenticationServiceException) {
            return ProblemResponses.write(exchange, 503, "auth-unavailable", "Service Unavailable",
                    "cannot verify the API key now: " + ex.getMessage(), Map.of("retryable", true));
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"neuroquantum\"");
        String detail = ex instanceof BadCredentialsException
                ? ex.getMessage()
                : "this endpoint needs 'Authorization: Bearer <key>'";
        return ProblemResponses.write(exchange, 401, "unauthorized", "Unauthorized", detail, Map.of());
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        closeIfBodyUnread(exchange);
        return ProblemResponses.write(exchange, 403, "forbidden", "Forbidden",
                "the API key lacks the role this endpoint needs", Map.of());
    }

    /**
     * A request refused before its body was read leaves the body on the wire; close the
     * connection after answering, so that a client does not send its next request on a
     * connection whose state it cannot know (the JDK client then hangs on a POST).
     */
    private static void closeIfBodyUnread(ServerWebExchange exchange) {
        HttpHeaders h = exchange.getRequest().getHeaders();
        if (h.getContentLength() > 0 || h.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            exchange.getResponse().getHeaders().setConnection("close");
        }
    }
}
