package io.neuroquantum.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The authority's store of API keys: hashed keys with roles in {@code <data>/auth/keys.json}.
 *
 * <p>Invariants: a secret is never stored or logged, only its SHA-256; the file is written
 * whole to a temporary file (mode 0600), forced to disk and renamed over the old one, so a
 * crash leaves either the old or the new list, never a torn one. Bootstrap keys (the
 * generated {@code admin.key} or {@code NQ_ADMIN_KEY}) live in memory only and are
 * registered again at every start, so removing {@code admin.key} and restarting rotates it.
 *
 * <p>Readers see an immutable snapshot through a volatile field; writers serialise on
 * {@code this}. Exactly one process (the authority, storage-service) writes the file.
 */
public final class KeyRegistry implements KeyVerifier {

    private final Path file;
    private final Clock clock;
    private volatile Map<String, ApiKey> byId;
    /** Derived from {@code byId} with every snapshot: SHA-256 of the secret → key. */
    private volatile Map<String, ApiKey> byHash;

    private KeyRegistry(Path file, Clock clock, Map<String, ApiKey> keys) {
        this.file = file;
        this.clock = clock;
        this.byId = snapshot(keys);
        this.byHash = hashIndex(keys);
    }

    /** Opens (or starts empty) the registry under {@code dataDir/auth}. */
    public static KeyRegistry open(Path dataDir, Clock clock) {
        Path file = dataDir.resolve("auth").resolve("keys.json");
        Map<String, ApiKey> keys = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (ApiKey key : KeyFileCodec.read(file)) {
                keys.put(key.id(), key);
            }
        }
        return new KeyRegistry(file, clock, keys);
    }

    /** Issues a new key; the returned secret is shown once and never again. */
    public synchronized IssuedKey create(String name, Set<Role> roles) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must be 1 to 200 characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("roles must name at least one of read, write, admin");
        }
        String secret = KeyHasher.newSecret();
        ApiKey key = new ApiKey(KeyHasher.newId(), name.strip(), roles, KeyHasher.hash(secret),
                clock.instant(), null, false);
        Map<String, ApiKey> next = new LinkedHashMap<>(byId);
        next.put(key.id(), key);
        persist(next);
        return new IssuedKey(key, secret);
    }

    /**
     * Revokes a key: it stops authenticating at once here, and at other services within
     * their cache time. Revoking twice is harmless and returns the first revocation.
     */
    public synchronized ApiKey revoke(String id) {
        ApiKey key = byId.get(id);
        if (key == null) {
            throw new UnknownKeyException(id);
        }
        if (key.bootstrap()) {
            throw new IllegalStateException("key " + id + " is the bootstrap admin key: rotate it by "
                    + "removing admin.key (or changing NQ_ADMIN_KEY) and restarting storage-service");
        }
        if (key.revoked()) {
            return key;
        }
        ApiKey revoked = key.revokedAt(clock.instant());
        Map<String, ApiKey> next = new LinkedHashMap<>(byId);
        next.put(id, revoked);
        persist(next);
        return revoked;
    }

    /** Registers a bootstrap admin key in memory (never written to keys.json). */
    synchronized ApiKey registerBootstrap(String secret, String name) {
        ApiKey key = new ApiKey("admin", name, Set.of(Role.ADMIN), KeyHasher.hash(secret),
                clock.instant(), null, true);
        Map<String, ApiKey> next = new LinkedHashMap<>(byId);
        next.put(key.id(), key);
        byHash = hashIndex(next);
        byId = snapshot(next);
        return key;
    }

    /** Every key, bootstrap keys included, in creation order. */
    public List<ApiKey> list() {
        return List.copyOf(byId.values());
    }

    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        // A lookup by hash: what a timing difference could reveal is a prefix of the SHA-256
        // of a 256-bit secret, which says nothing about any key.
        ApiKey key = byHash.get(KeyHasher.hash(secret));
        return key == null || key.revoked() ? Optional.empty() : Optional.of(key);
    }

    @Override
    public CompletableFuture<Verification> verify(String secret) {
        Verification result = authenticate(secret)
                .<Verification>map(k -> new Verification.Accepted(KeyPrincipal.of(k)))
                .orElseGet(() -> new Verification.Rejected("unknown or revoked API key"));
        return CompletableFuture.completedFuture(result);
    }

    private void persist(Map<String, ApiKey> next) {
        List<ApiKey> durable = next.values().stream().filter(k -> !k.bootstrap()).toList();
        try {
            SecureFiles.createPrivateDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            SecureFiles.writePrivate(tmp, KeyFileCodec.encode(durable));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key registry " + file + ": " + e.getMessage(), e);
        }
        byHash = hashIndex(next);
        byId = snapshot(next);
    }

    /** An immutable copy that keeps creation order. */
    private static Map<String, ApiKey> snapshot(Map<String, ApiKey> keys) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    private static Map<String, ApiKey> hashIndex(Map<String, ApiKey> keys) {
        Map<String, ApiKey> index = new java.util.HashMap<>();
        keys.values().forEach(k -> index.put(k.hash(), k));
        return Map.copyOf(index);
    }
}
