package io.neuroquantum.platform.auth;

import java.util.Set;

/** Who a request authenticated as: the key's id, name and effective roles. */
public record KeyPrincipal(String id, String name, Set<Role> roles) {

    public KeyPrincipal {
        roles = Set.copyOf(roles);
    }

    public static KeyPrincipal of(ApiKey key) {
        return new KeyPrincipal(key.id(), key.name(), key.effectiveRoles());
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
