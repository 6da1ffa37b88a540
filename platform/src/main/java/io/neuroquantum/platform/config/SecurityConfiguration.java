package io.neuroquantum.platform.config;

import io.neuroquantum.platform.auth.KeyVerifier;
import io.neuroquantum.platform.web.BearerKeyConverter;
import io.neuroquantum.platform.web.KeyAuthenticationManager;
import io.neuroquantum.platform.web.SecurityProblemHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The one security chain of every service. Stateless: no sessions, no CSRF (no cookies
 * are ever issued), no login pages. {@code /api/**} needs a verified bearer key;
 * {@code /api/v1/admin/**} the admin role; write endpoints declare
 * {@code @PreAuthorize("hasRole('WRITE')")} (reactive method security: such methods must
 * return a {@code Mono} or {@code Flux}); actuator and static pages are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
class SecurityConfiguration {

    /**
     * Requests the firewall rejects (encoded slashes, dots or NULs in the path, path
     * parameters, unknown methods) get a problem+json 400 like every other bad request.
     */
    @Bean
    org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler nqExchangeRejectedHandler() {
        return (exchange, ex) -> io.neuroquantum.platform.web.ProblemResponses.write(exchange, 400, "bad-request",
                "Bad Request", "the request was rejected: " + ex.getMessage(), java.util.Map.of());
    }

    @Bean
    SecurityWebFilterChain nqSecurityWebFilterChain(ServerHttpSecurity http, KeyVerifier verifier) {
        SecurityProblemHandlers problems = new SecurityProblemHandlers();
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(new KeyAuthenticationManager(verifier));
        bearer.setServerAuthenticationConverter(new BearerKeyConverter());
        bearer.setRequiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"));
        bearer.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(problems));
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(ex -> ex
                        .pathMatchers("/api/v1/admin/**").hasRole("ADMIN")
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }
}
