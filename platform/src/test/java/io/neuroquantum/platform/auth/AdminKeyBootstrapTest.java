package io.neuroquantum.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeyBootstrapTest {

    @TempDir
    Path dataDir;

    private KeyRegistry registry() {
        return KeyRegistry.open(dataDir, Clock.systemUTC());
    }

    @Test
    void firstStartGeneratesAnOwnerOnlyAdminKey() throws Exception {
        KeyRegistry registry = registry();
        var outcome = AdminKeyBootstrap.ensure(registry, dataDir, null);

        Path file = dataDir.resolve("admin.key");
        assertThat(outcome.source()).isEqualTo(AdminKeyBootstrap.Source.GENERATED_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String secret = Files.readString(file).strip();
        assertThat(secret).startsWith("nq_").hasSize(46);
        assertThat(registry.authenticate(secret)).map(k -> k.has(Role.ADMIN)).contains(true);
    }

    @Test
    void laterStartsReuseTheKeyFile() throws Exception {
        AdminKeyBootstrap.ensure(registry(), dataDir, null);
        String secret = Files.readString(dataDir.resolve("admin.key")).strip();

        KeyRegistry restarted = registry();
        var outcome = AdminKeyBootstrap.ensure(restarted, dataDir, null);
        assertThat(outcome.source()).isEqualTo(AdminKeyBootstrap.Source.EXISTING_FILE);
        assertThat(restarted.authenticate(secret)).isPresent();
    }

    @Test
    void twoGeneratedKeysDiffer() {
        assertThat(KeyHasher.newSecret()).isNotEqualTo(KeyHasher.newSecret());
    }

    @Test
    void environmentKeyWinsAndNoFileIsWritten() {
        KeyRegistry registry = registry();
        var outcome = AdminKeyBootstrap.ensure(registry, dataDir, "  operator-secret-0123456789  ");

        assertThat(outcome.source()).isEqualTo(AdminKeyBootstrap.Source.ENVIRONMENT);
        assertThat(dataDir.resolve("admin.key")).doesNotExist();
        assertThat(registry.authenticate("operator-secret-0123456789")).map(k -> k.has(Role.ADMIN)).contains(true);
    }

    @Test
    void shortEnvironmentKeyIsRefused() {
        assertThatThrownBy(() -> AdminKeyBootstrap.ensure(registry(), dataDir, "short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NQ_ADMIN_KEY must be at least 16");
    }

    @Test
    void looseFilePermissionsAreTightened() throws Exception {
        Path file = dataDir.resolve("admin.key");
        Files.writeString(file, KeyHasher.newSecret());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AdminKeyBootstrap.ensure(registry(), dataDir, null);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void emptyKeyFileIsAClearError() throws Exception {
        Files.writeString(dataDir.resolve("admin.key"), "\n");
        assertThatThrownBy(() -> AdminKeyBootstrap.ensure(registry(), dataDir, null))
                .hasMessageContaining("does not hold a valid key");
    }
}
