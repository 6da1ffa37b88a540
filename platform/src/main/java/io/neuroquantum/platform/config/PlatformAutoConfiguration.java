package io.neuroquantum.platform.config;

import io.neuroquantum.platform.auth.AdminKeyBootstrap;
import io.neuroquantum.platform.auth.KeyRegistry;
import io.neuroquantum.platform.auth.KeyVerifier;
import io.neuroquantum.platform.auth.RemoteKeyVerifier;
import io.neuroquantum.platform.web.AuthController;
import io.neuroquantum.platform.web.ProblemWebExceptionHandler;
import io.neuroquantum.platform.web.RequestSizeLimitFilter;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What every service gets by depending on the platform module: the {@code nq.*} settings,
 * key verification (local registry on the authority, remote everywhere else), the
 * security chain, problem+json errors and the request size limit.
 */
@AutoConfiguration
@EnableConfigurationProperties(NqProperties.class)
@Import({SecurityConfiguration.class, AuthController.class})
public class PlatformAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PlatformAutoConfiguration.class);

    @Bean
    @Order(-2) // before Boot's DefaultErrorWebExceptionHandler (-1)
    ProblemWebExceptionHandler problemWebExceptionHandler() {
        return new ProblemWebExceptionHandler();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RequestSizeLimitFilter requestSizeLimitFilter(NqProperties props) {
        return new RequestSizeLimitFilter(props.http().maxBodySize().toBytes());
    }

    /** The key authority: holds the registry, bootstraps the admin key, serves key admin. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "nq.auth.mode", havingValue = "local")
    @Import(io.neuroquantum.platform.web.KeyAdminController.class)
    static class LocalAuthority {

        @Bean
        KeyRegistry keyRegistry(NqProperties props) {
            KeyRegistry registry = KeyRegistry.open(props.dataDir(), Clock.systemUTC());
            AdminKeyBootstrap.Outcome outcome = AdminKeyBootstrap.ensure(registry, props.dataDir(), props.auth().adminKey());
            switch (outcome.source()) {
                case ENVIRONMENT -> log.info("admin key: taken from NQ_ADMIN_KEY");
                case EXISTING_FILE -> log.info("admin key: in {}", outcome.file().toAbsolutePath());
                case GENERATED_FILE -> log.info("admin key: generated and written to {} (mode 0600)",
                        outcome.file().toAbsolutePath());
            }
            return registry;
        }
    }

    /** Every other service: ask the authority, with a short cache. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "nq.auth.mode", havingValue = "remote", matchIfMissing = true)
    static class RemoteAuthority {

        @Bean
        KeyVerifier remoteKeyVerifier(NqProperties props) {
            NqProperties.Auth auth = props.auth();
            log.info("API keys are verified by the key authority at {}", auth.authorityUrl());
            return new RemoteKeyVerifier(auth.authorityUrl(), auth.acceptTtl(), auth.rejectTtl(), auth.requestTimeout());
        }
    }
}
