package io.neuroquantum.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@code keys.json}: a JSON array of
 * {@code {"id","name","roles":["read"|"write"|"admin"],"sha256","createdAt","revokedAt"}}
 * (see docs/formats/keys.md).
 */
final class KeyFileCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record KeyRecord(String id, String name, List<String> roles, String sha256, String createdAt,
                     String revokedAt) {
    }

    private KeyFileCodec() {
    }

    static byte[] encode(List<ApiKey> keys) {
        List<KeyRecord> records = keys.stream().map(k -> new KeyRecord(k.id(), k.name(),
                k.roles().stream().sorted().map(Role::wireName).toList(), k.hash(),
                k.createdAt().toString(), k.revokedAt() == null ? null : k.revokedAt().toString())).toList();
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(records);
    }

    static List<ApiKey> read(Path file) {
        try {
            List<KeyRecord> records = JSON.readValue(Files.readAllBytes(file), new TypeReference<List<KeyRecord>>() { });
            return records.stream().map(KeyFileCodec::toKey).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key registry " + file + ": " + e.getMessage(), e);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("key registry " + file + " is not valid: " + e.getMessage()
                    + " (restore it from a backup, or remove it to start with no keys but the admin key)", e);
        }
    }

    private static ApiKey toKey(KeyRecord r) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        r.roles().forEach(name -> roles.add(Role.parse(name)));
        return new ApiKey(r.id(), r.name(), roles, r.sha256(), Instant.parse(r.createdAt()),
                r.revokedAt() == null ? null : Instant.parse(r.revokedAt()), false);
    }
}
