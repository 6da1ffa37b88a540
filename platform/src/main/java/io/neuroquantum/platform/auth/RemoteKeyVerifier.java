package io.neuroquantum.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies keys against the key authority (storage-service): the presented key is sent
 * as the bearer of {@code GET /api/v1/auth/whoami}, so the authority answers with the
 * key's own identity and no shared secret exists between services.
 *
 * <p>Results are cached by key hash: accepted keys for {@code acceptTtl} (so a revocation
 * reaches this service within that time), rejected keys for {@code rejectTtl}. An
 * unreachable authority is never cached and yields {@link Verification.Unavailable}.
 */
public final class RemoteKeyVerifier implements KeyVerifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI whoami;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Cache<String, Verification> cache;

    public RemoteKeyVerifier(URI authority, Duration acceptTtl, Duration rejectTtl, Duration requestTimeout) {
        this.whoami = authority.resolve("/api/v1/auth/whoami");
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout).build();
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfter(Expiry.<String, Verification>creating((hash, v) ->
                        v instanceof Verification.Accepted ? acceptTtl : rejectTtl))
                .build();
    }

    @Override
    public CompletableFuture<Verification> verify(String secret) {
        String hash = KeyHasher.hash(secret);
        Verification cached = cache.getIfPresent(hash);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        HttpRequest request = HttpRequest.newBuilder(whoami)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + secret)
                .header("Accept", "application/json")
                .GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(this::interpret)
                .exceptionally(e -> new Verification.Unavailable("key authority " + whoami.resolve("/")
                        + " is unreachable: " + rootMessage(e)))
                .thenApply(v -> {
                    if (!(v instanceof Verification.Unavailable)) {
                        cache.put(hash, v);
                    }
                    return v;
                });
    }

    private Verification interpret(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 200) {
            JsonNode body = JSON.readTree(response.body());
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (JsonNode role : body.path("roles")) {
                roles.add(Role.parse(role.asString()));
            }
            return new Verification.Accepted(new KeyPrincipal(body.path("id").asString(), body.path("name").asString(), roles));
        }
        if (status == 401 || status == 403) {
            return new Verification.Rejected("unknown or revoked API key");
        }
        return new Verification.Unavailable("key authority answered HTTP " + status);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

}
