package io.neuroquantum.platform.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an API key may do. Roles are ordered: {@code admin} implies {@code write},
 * {@code write} implies {@code read}.
 */
public enum Role {
    READ, WRITE, ADMIN;

    /** The role plus every role it implies. */
    public Set<Role> withImplied() {
        return EnumSet.range(READ, this);
    }

    public boolean implies(Role other) {
        return compareTo(other) >= 0;
    }

    /** Parses {@code read|write|admin} in any case; anything else is an {@link IllegalArgumentException} naming it. */
    public static Role parse(String name) {
        if (name != null) {
            for (Role role : values()) {
                if (role.name().equalsIgnoreCase(name.trim())) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "': expected one of read, write, admin");
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
