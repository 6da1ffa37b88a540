package io.neuroquantum.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure an admin key exists at start: {@code NQ_ADMIN_KEY} if set, otherwise the
 * key in {@code <data>/admin.key}, generated (and written with mode 0600) on first start.
 */
public final class AdminKeyBootstrap {

    public static final String FILE_NAME = "admin.key";

    /** Where the admin key came from, for the start-up message (never the key itself). */
    public record Outcome(Source source, Path file, ApiKey key) {
    }

    public enum Source { ENVIRONMENT, EXISTING_FILE, GENERATED_FILE }

    private AdminKeyBootstrap() {
    }

    /**
     * @param envKey the value of {@code NQ_ADMIN_KEY}, or null/blank when unset
     * @throws IllegalArgumentException if {@code envKey} is too short to be a safe key
     */
    public static Outcome ensure(KeyRegistry registry, Path dataDir, String envKey) {
        if (envKey != null && !envKey.isBlank()) {
            String secret = envKey.strip();
            if (secret.length() < KeyHasher.MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("NQ_ADMIN_KEY must be at least " + KeyHasher.MIN_SECRET_LENGTH
                        + " characters long");
            }
            return new Outcome(Source.ENVIRONMENT, null, registry.registerBootstrap(secret, "admin (NQ_ADMIN_KEY)"));
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                if (SecureFiles.readableByOthers(file)) {
                    SecureFiles.restrictToOwner(file);
                }
                String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (secret.length() < KeyHasher.MIN_SECRET_LENGTH) {
                    throw new IllegalStateException(file + " does not hold a valid key: remove it to generate a new one");
                }
                return new Outcome(Source.EXISTING_FILE, file, registry.registerBootstrap(secret, "admin (admin.key)"));
            }
            Files.createDirectories(dataDir);
            String secret = KeyHasher.newSecret();
            Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
            SecureFiles.writePrivate(tmp, (secret + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file);
            return new Outcome(Source.GENERATED_FILE, file, registry.registerBootstrap(secret, "admin (admin.key)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the admin key in " + file + ": " + e.getMessage(), e);
        }
    }
}
