package io.neuroquantum.bench;

/**
 * The 100-byte values the benchmarks write, and their checks.
 *
 * <pre>
 * | 0..7: key (big-endian) | 8..11: version (big-endian) | 12..99: pseudo-random bytes from (key, version) |
 * </pre>
 *
 * A value names its own key and version, so a reader can check it fully without a shared table,
 * even while another thread upserts new versions of the same key.
 */
public final class Values {

    public static final int SIZE = 100;

    private Values() {
    }

    public static byte[] of(long key, int version) {
        byte[] v = new byte[SIZE];
        putLong(v, 0, key);
        v[8] = (byte) (version >>> 24);
        v[9] = (byte) (version >>> 16);
        v[10] = (byte) (version >>> 8);
        v[11] = (byte) version;
        long s = key * 0x9E3779B97F4A7C15L ^ ((long) version << 32 | 0x5DEECE66DL);
        for (int i = 12; i < SIZE; i += 8) {
            s += 0x9E3779B97F4A7C15L;
            long z = s;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            for (int j = 0; j < 8 && i + j < SIZE; j++) {
                v[i + j] = (byte) (z >>> (8 * j));
            }
        }
        return v;
    }

    public static int version(byte[] v) {
        return (v[8] & 0xFF) << 24 | (v[9] & 0xFF) << 16 | (v[10] & 0xFF) << 8 | (v[11] & 0xFF);
    }

    /** Cheap check for timed loops: present, 100 bytes, names {@code key}. */
    static void checkHeader(String where, long key, byte[] v) {
        if (v == null) {
            throw new BenchFailure(where + ": key " + key + " not found");
        }
        if (v.length != SIZE || getLong(v, 0) != key) {
            throw new BenchFailure(where + ": key " + key + " returned a value of " + v.length
                    + " bytes naming key " + (v.length >= 8 ? getLong(v, 0) : -1));
        }
    }

    private static final java.lang.foreign.ValueLayout.OfLong LONG_BE =
            java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    /** The header check on a view of the value (same rule as for a byte[]). */
    static void checkHeader(String where, long key, java.lang.foreign.MemorySegment v) {
        if (v.byteSize() != SIZE || v.get(LONG_BE, 0) != key) {
            checkHeader(where, key, v.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }

    /** Full check: header, then every byte equals what {@link #of} wrote for the embedded version. */
    static void checkFull(String where, long key, byte[] v) {
        checkHeader(where, key, v);
        byte[] expected = of(key, version(v));
        if (!java.util.Arrays.equals(v, expected)) {
            throw new BenchFailure(where + ": key " + key + " returned corrupt value bytes (version " + version(v) + ")");
        }
    }

    /** Full check of an exact version. */
    static void checkExact(String where, long key, int version, byte[] v) {
        checkFull(where, key, v);
        if (version(v) != version) {
            throw new BenchFailure(where + ": key " + key + " has version " + version(v) + ", expected " + version);
        }
    }

    public static void putLong(byte[] b, int off, long x) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) x;
            x >>>= 8;
        }
    }

    public static long getLong(byte[] b, int off) {
        long x = 0;
        for (int i = 0; i < 8; i++) {
            x = x << 8 | (b[off + i] & 0xFF);
        }
        return x;
    }

    /** A long key as 8 big-endian bytes with the sign bit flipped: unsigned byte order equals numeric order. */
    public static byte[] orderedKey(long key) {
        byte[] b = new byte[8];
        putLong(b, 0, key ^ Long.MIN_VALUE);
        return b;
    }
}
