package io.neuroquantum.storage.keys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Fast path for the most common key: one non-null BIGINT, ascending. The bytes are exactly
 * those {@code KeySchema.of(KeyColumn.asc(KeyType.BIGINT)).encode(v)} produces, so both paths
 * can be mixed freely; a NULL key ({@code | 0xF0 |}) needs the general path.
 *
 * <pre>
 * | 0x10 | 8 bytes big-endian, sign bit flipped |     always 9 bytes
 * </pre>
 */
public final class LongKey {

    /** Length of every encoded key. */
    public static final int LENGTH = 9;

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte TAG = (byte) KeyType.BIGINT.tag();

    private LongKey() {}

    /** A new 9-byte key. */
    public static byte[] encode(long value) {
        byte[] key = new byte[LENGTH];
        encode(value, key, 0);
        return key;
    }

    /** Writes the 9-byte key into {@code dst} at {@code offset}, allocating nothing. */
    public static void encode(long value, byte[] dst, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, dst.length);
        dst[offset] = TAG;
        LONG_BE.set(dst, offset + 1, value ^ Long.MIN_VALUE);
    }

    /** Decodes a key that must be exactly 9 bytes. */
    public static long decode(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException(key.length < LENGTH
                    ? "key component 0: truncated: a BIGINT key is 9 bytes, got " + key.length
                    : "key component 1: " + (key.length - LENGTH)
                            + " unexpected trailing byte(s) after the BIGINT key");
        }
        return decode(key, 0);
    }

    /** Decodes the 9 bytes at {@code offset}, allocating nothing. */
    public static long decode(byte[] src, int offset) {
        if (offset < 0 || offset > src.length) {
            throw new IllegalArgumentException("key component 0: offset " + offset
                    + " is outside the " + src.length + "-byte array");
        }
        if (src.length - offset < LENGTH) {
            throw new IllegalArgumentException("key component 0: truncated: a BIGINT key is 9 bytes, only "
                    + (src.length - offset) + " from offset " + offset);
        }
        if (src[offset] != TAG) {
            throw new IllegalArgumentException(String.format(
                    "key component 0: expected tag 0x10 (BIGINT ASC), found 0x%02X", src[offset] & 0xFF));
        }
        return (long) LONG_BE.get(src, offset + 1) ^ Long.MIN_VALUE;
    }
}
