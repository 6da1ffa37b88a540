package io.neuroquantum.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRegistryTest {

    @TempDir
    Path dataDir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void createdKeyAuthenticatesWithItsRoles() {
        KeyRegistry registry = KeyRegistry.open(dataDir, clock);
        IssuedKey issued = registry.create("reporting", Set.of(Role.READ));

        assertThat(issued.secret()).startsWith("nq_").hasSize(46);
        ApiKey key = registry.authenticate(issued.secret()).orElseThrow();
        assertThat(key.name()).isEqualTo("reporting");
        assertThat(key.has(Role.READ)).isTrue();
        assertThat(key.has(Role.WRITE)).isFalse();
        assertThat(registry.authenticate(issued.secret() + "x")).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();
    }

    @Test
    void secretsAreNeverStoredOnlyTheirHashes() throws Exception {
        KeyRegistry registry = KeyRegistry.open(dataDir, clock);
        IssuedKey issued = registry.create("etl", Set.of(Role.WRITE));

        String file = Files.readString(dataDir.resolve("auth/keys.json"));
        assertThat(file).doesNotContain(issued.secret()).contains(KeyHasher.hash(issued.secret()));
        assertThat(issued.key().hash()).isEqualTo(KeyHasher.hash(issued.secret()));
    }

    @Test
    void keyFileIsOwnerOnly() throws Exception {
        KeyRegistry.open(dataDir, clock).create("etl", Set.of(Role.WRITE));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("auth/keys.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("auth"))))
                .isEqualTo("rwx------");
    }

    @Test
    void keysAndRevocationsSurviveReopen() {
        KeyRegistry registry = KeyRegistry.open(dataDir, clock);
        IssuedKey kept = registry.create("kept", Set.of(Role.READ, Role.WRITE));
        IssuedKey revoked = registry.create("revoked", Set.of(Role.ADMIN));
        registry.revoke(revoked.key().id());

        KeyRegistry reopened = KeyRegistry.open(dataDir, clock);
        assertThat(reopened.authenticate(kept.secret())).map(ApiKey::roles).contains(Set.of(Role.READ, Role.WRITE));
        assertThat(reopened.authenticate(revoked.secret())).isEmpty();
        assertThat(reopened.list()).extracting(ApiKey::id).containsExactly(kept.key().id(), revoked.key().id());
        assertThat(reopened.list().get(1).revokedAt()).isEqualTo(clock.instant());
    }

    @Test
    void revokeUnknownOrBootstrapKeyIsAnError() {
        KeyRegistry registry = KeyRegistry.open(dataDir, clock);
        AdminKeyBootstrap.ensure(registry, dataDir, null);

        assertThatThrownBy(() -> registry.revoke("nope")).isInstanceOf(UnknownKeyException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> registry.revoke("admin")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bootstrap");
    }

    @Test
    void bootstrapKeyIsNotPersisted() throws Exception {
        KeyRegistry registry = KeyRegistry.open(dataDir, clock);
        AdminKeyBootstrap.ensure(registry, dataDir, "an-operator-chosen-key-1234");
        registry.create("other", Set.of(Role.READ));

        assertThat(Files.readString(dataDir.resolve("auth/keys.json"))).doesNotContain("admin");
        assertThat(KeyRegistry.open(dataDir, clock).authenticate("an-operator-chosen-key-1234")).isEmpty();
    }

    @Test
    void invalidRequestsAreRejected() {
        KeyRegistry registry = KeyRegistry.open(dataDir, clock);
        assertThatThrownBy(() -> registry.create(" ", Set.of(Role.READ))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.create("x", Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void corruptKeyFileIsAClearError() throws Exception {
        Files.createDirectories(dataDir.resolve("auth"));
        Files.writeString(dataDir.resolve("auth/keys.json"), "[{\"id\": 1, ");
        assertThatThrownBy(() -> KeyRegistry.open(dataDir, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keys.json is not valid");
    }
}
