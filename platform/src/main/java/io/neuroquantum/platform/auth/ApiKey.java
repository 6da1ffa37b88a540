package io.neuroquantum.platform.auth;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The stored, public part of an API key: never the secret itself, only its hash.
 *
 * @param id         short stable identifier, safe to show and log
 * @param name       what the key is for, given by whoever created it
 * @param roles      the roles granted (implied roles are added on use, see {@link #effectiveRoles()})
 * @param hash       SHA-256 of the secret, see {@link KeyHasher}
 * @param createdAt  when the key was issued
 * @param revokedAt  when it was revoked, or null while it is valid
 * @param bootstrap  true for the key created at first start (it cannot be revoked over the API)
 */
public record ApiKey(String id, String name, Set<Role> roles, String hash, Instant createdAt,
                     Instant revokedAt, boolean bootstrap) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public Set<Role> effectiveRoles() {
        EnumSet<Role> all = EnumSet.noneOf(Role.class);
        roles.forEach(r -> all.addAll(r.withImplied()));
        return all;
    }

    public boolean has(Role role) {
        return roles.stream().anyMatch(r -> r.implies(role));
    }

    ApiKey revokedAt(Instant when) {
        return new ApiKey(id, name, roles, hash, createdAt, when, bootstrap);
    }
}
