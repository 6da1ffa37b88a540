package io.neuroquantum.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generates key secrets and hashes them for storage.
 *
 * <p>Secrets carry 256 bits from {@link SecureRandom}, so an unsalted SHA-256 is enough:
 * slow password hashes (bcrypt, argon2) protect low-entropy human passwords, and would
 * only add latency to every authenticated request here. Keys supplied by an operator
 * through {@code NQ_ADMIN_KEY} must be at least {@link #MIN_SECRET_LENGTH} characters.
 */
public final class KeyHasher {

    public static final String PREFIX = "nq_";
    public static final int MIN_SECRET_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyHasher() {
    }

    /** A new secret: {@code nq_} + 43 base64url characters (32 random bytes). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A short random identifier for a key record (not secret). */
    public static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
    public static String hash(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
