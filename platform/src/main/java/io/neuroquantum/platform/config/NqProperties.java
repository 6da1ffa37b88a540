package io.neuroquantum.platform.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings every service shares, under the prefix {@code nq}.
 *
 * @param dataDir where the service keeps its files ({@code NQ_DATA_DIR}, default {@code ./data})
 * @param auth    how bearer keys are checked
 * @param http    request limits
 */
@ConfigurationProperties("nq")
public record NqProperties(@DefaultValue("./data") Path dataDir,
                           @DefaultValue Auth auth,
                           @DefaultValue Http http) {

    /** {@code local}: this service holds the key registry (the authority); {@code remote}: ask the authority. */
    public enum AuthMode { LOCAL, REMOTE }

    /**
     * @param mode           local (the authority) or remote
     * @param authorityUrl   base URL of the key authority, for remote mode
     * @param acceptTtl      how long a remote "valid" verdict is trusted (bounds revocation delay)
     * @param rejectTtl      how long a remote "invalid" verdict is trusted
     * @param requestTimeout timeout of one call to the authority
     * @param adminKey       the admin key from {@code NQ_ADMIN_KEY}, if set (local mode only)
     */
    public record Auth(@DefaultValue("remote") AuthMode mode,
                       @DefaultValue("http://127.0.0.1:8081") URI authorityUrl,
                       @DefaultValue("30s") Duration acceptTtl,
                       @DefaultValue("5s") Duration rejectTtl,
                       @DefaultValue("3s") Duration requestTimeout,
                       String adminKey) {
    }

    /** @param maxBodySize largest request body accepted; larger ones get 413 */
    public record Http(@DefaultValue("16MB") DataSize maxBodySize) {
    }
}
