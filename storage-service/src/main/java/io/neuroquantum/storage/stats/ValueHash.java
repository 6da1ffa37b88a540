package io.neuroquantum.storage.stats;

import io.neuroquantum.storage.catalog.ColumnType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * A 64-bit hash of a column value's canonical form, as fed to {@link HyperLogLog}.
 *
 * <p>Invariant: values that are equal in SQL hash equally, within a type: {@code -0.0} and
 * {@code 0.0}; every NaN; {@code BigDecimal} {@code 1.0} and {@code 1.00} (hashed after {@code
 * stripTrailingZeros}); byte arrays by content. The hash is part of the persisted sketch format
 * (sketches built with different hashes must not be merged), so it must never change silently.
 *
 * <p>Construction: fixed-width values go through the SplitMix64 finaliser; byte and char
 * sequences are consumed 8 bytes at a time, each word finalised and folded into the state, and the
 * state finalised with the length. Strings are hashed by their UTF-16 units (equal strings have
 * equal units), which avoids encoding them.
 */
public final class ValueHash {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long K1 = 0xC2B2AE3D27D4EB4FL;
    private static final long K2 = 0x165667B19E3779F9L;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ValueHash() {
    }

    /**
     * Hash of the non-null {@code value} of {@code type}.
     *
     * @throws IllegalArgumentException if {@code value} is null or not of the type's Java class
     */
    public static long hash(ColumnType type, Object value) {
        Values.check(type, value);
        return switch (type) {
            case BIGINT -> ofLong((Long) value);
            case INT -> ofLong((Integer) value);
            case DOUBLE -> ofLong(Double.doubleToLongBits(Values.canonicalDouble((Double) value)));
            case BOOLEAN -> ofLong((Boolean) value ? 1 : 0);
            case TIMESTAMP -> {
                Instant t = (Instant) value;
                yield mix(ofLong(t.getEpochSecond()) * K1 + t.getNano());
            }
            case DECIMAL -> {
                BigDecimal d = ((BigDecimal) value).stripTrailingZeros();
                byte[] unscaled = d.unscaledValue().toByteArray();
                yield mix(ofBytes(unscaled) ^ (d.scale() * K2));
            }
            case VARCHAR, TEXT -> ofChars((String) value);
            case BYTEA -> ofBytes((byte[]) value);
        };
    }

    /** SplitMix64 finaliser (Stafford variant 13): a bijection with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long ofLong(long v) {
        return mix(v + GOLDEN);
    }

    private static long fold(long state, long word) {
        return Long.rotateLeft(state ^ mix(word + K1), 27) * GOLDEN + K2;
    }

    static long ofBytes(byte[] b) {
        long h = K2;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            h = fold(h, (long) LONG_LE.get(b, i));
        }
        if (i < b.length) {
            long tail = 0;
            for (int shift = 0; i < b.length; i++, shift += 8) {
                tail |= (b[i] & 0xFFL) << shift;
            }
            h = fold(h, tail);
        }
        return mix(h ^ (b.length * GOLDEN));
    }

    static long ofChars(String s) {
        long h = K1;
        int n = s.length();
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            long word = s.charAt(i) | (long) s.charAt(i + 1) << 16
                    | (long) s.charAt(i + 2) << 32 | (long) s.charAt(i + 3) << 48;
            h = fold(h, word);
        }
        if (i < n) {
            long tail = 0;
            for (int shift = 0; i < n; i++, shift += 16) {
                tail |= (long) s.charAt(i) << shift;
            }
            h = fold(h, tail);
        }
        return mix(h ^ (n * GOLDEN));
    }
}
