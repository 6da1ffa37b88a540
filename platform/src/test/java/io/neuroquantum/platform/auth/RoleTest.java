package io.neuroquantum.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void higherRolesImplyLowerOnes() {
        assertThat(Role.ADMIN.withImplied()).containsExactly(Role.READ, Role.WRITE, Role.ADMIN);
        assertThat(Role.WRITE.withImplied()).containsExactly(Role.READ, Role.WRITE);
        assertThat(Role.READ.withImplied()).containsExactly(Role.READ);
        assertThat(Role.READ.implies(Role.WRITE)).isFalse();
    }

    @Test
    void parsesWireNamesOnly() {
        assertThat(Role.parse(" Write ")).isEqualTo(Role.WRITE);
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> Role.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void effectiveRolesOfAKeyIncludeImpliedOnes() {
        ApiKey key = new ApiKey("id", "n", Set.of(Role.WRITE), "h", java.time.Instant.EPOCH, null, false);
        assertThat(KeyPrincipal.of(key).roles()).containsExactlyInAnyOrder(Role.READ, Role.WRITE);
    }
}
