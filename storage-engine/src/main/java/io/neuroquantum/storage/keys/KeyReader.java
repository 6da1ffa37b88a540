package io.neuroquantum.storage.keys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads the components a {@link KeyWriter} wrote, in order; the caller supplies each
 * component's type and direction. Decoding is strict: every input either decodes to values
 * that encode back to exactly the same bytes, or fails with an
 * {@link IllegalArgumentException} whose message starts with {@code "key component <i>: "}
 * and names the problem (truncation, unexpected tag, bad escape, invalid UTF-8,
 * non-canonical DOUBLE or DECIMAL, ...). Not thread-safe.
 */
public final class KeyReader {

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final long NEGATIVE_ZERO_BITS = Double.doubleToRawLongBits(-0.0);
    private static final long CANONICAL_NAN_BITS = Double.doubleToRawLongBits(Double.NaN);

    private final byte[] buf;
    private final int end;
    private int pos;
    private int component;
    private int mask;

    public KeyReader(byte[] key) {
        this(key, 0, key.length);
    }

    public KeyReader(byte[] key, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, key.length);
        this.buf = key;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Whether bytes remain, i.e. whether another component follows. */
    public boolean hasRemaining() {
        return pos < end;
    }

    /** Index of the next component to read (0 for the first). */
    public int componentIndex() {
        return component;
    }

    /** Throws unless every byte has been read. */
    public void requireEnd() {
        if (pos < end) {
            throw new IllegalArgumentException("key component " + component + ": " + (end - pos)
                    + " unexpected trailing byte(s) after the last expected component");
        }
    }

    /**
     * Reads the next component as a value of {@code column.type()} ({@link KeyType#javaType()})
     * or {@code null} for SQL NULL.
     */
    public Object read(KeyColumn column) {
        SortOrder order = column.order();
        if (readNull(order)) {
            return null;
        }
        return switch (column.type()) {
            case BIGINT -> readLong(order);
            case INT -> readInt(order);
            case DOUBLE -> readDouble(order);
            case DECIMAL -> readDecimal(order);
            case VARCHAR -> readString(order);
            case BYTEA -> readBytes(order);
            case BOOLEAN -> readBoolean(order);
            case TIMESTAMP -> readTimestamp(order);
        };
    }

    /** If the next component is NULL in {@code order}, consumes it and returns true. */
    public boolean readNull(SortOrder order) {
        if (pos < end && ((buf[pos] ^ order.mask()) & 0xFF) == KeyType.NULL_TAG) {
            pos++;
            component++;
            return true;
        }
        return false;
    }

    public long readLong(SortOrder order) {
        begin(KeyType.BIGINT, order, 8);
        long v = readRawLong();
        component++;
        return v ^ Long.MIN_VALUE;
    }

    public int readInt(SortOrder order) {
        begin(KeyType.INT, order, 4);
        int v = (int) INT_BE.get(buf, pos);
        pos += 4;
        component++;
        return (mask == 0 ? v : ~v) ^ Integer.MIN_VALUE;
    }

    /** Returns 0.0 for zero (never -0.0) and the canonical NaN. */
    public double readDouble(SortOrder order) {
        begin(KeyType.DOUBLE, order, 8);
        long s = readRawLong();
        long bits = s < 0 ? s ^ Long.MIN_VALUE : ~s;
        if (bits == NEGATIVE_ZERO_BITS) {
            throw fail("non-canonical DOUBLE: -0.0 is stored as 0.0");
        }
        double d = Double.longBitsToDouble(bits);
        if (d != d && bits != CANONICAL_NAN_BITS) {
            throw fail(String.format("non-canonical DOUBLE: NaN with bits 0x%016X", bits));
        }
        component++;
        return d;
    }

    /** Returns the value without trailing zeros (as {@code stripTrailingZeros()}); zero as 0. */
    public BigDecimal readDecimal(SortOrder order) {
        begin(KeyType.DECIMAL, order, 0);
        BigDecimal v = DecimalCodec.read(this);
        component++;
        return v;
    }

    public String readString(SortOrder order) {
        begin(KeyType.VARCHAR, order, 0);
        byte[] utf8 = readEscaped(KeyType.VARCHAR);
        String s;
        if (isAscii(utf8)) {
            s = new String(utf8, StandardCharsets.ISO_8859_1);
        } else {
            // Malformed input decodes with U+FFFD replacements, which never re-encode to the
            // same bytes; well-formed UTF-8 always does.
            s = new String(utf8, StandardCharsets.UTF_8);
            if (!Arrays.equals(s.getBytes(StandardCharsets.UTF_8), utf8)) {
                throw fail("VARCHAR is not valid UTF-8");
            }
        }
        component++;
        return s;
    }

    public byte[] readBytes(SortOrder order) {
        begin(KeyType.BYTEA, order, 0);
        byte[] v = readEscaped(KeyType.BYTEA);
        component++;
        return v;
    }

    public boolean readBoolean(SortOrder order) {
        begin(KeyType.BOOLEAN, order, 1);
        int b = next();
        if (b > 1) {
            throw fail(String.format("invalid BOOLEAN byte 0x%02X (expected 0x00 or 0x01)", b));
        }
        component++;
        return b == 1;
    }

    public Instant readTimestamp(SortOrder order) {
        begin(KeyType.TIMESTAMP, order, 8);
        long micros = readRawLong() ^ Long.MIN_VALUE;
        component++;
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    // --- helpers, also used by DecimalCodec -------------------------------------------------

    /** The next byte with the component's direction undone, 0..255. */
    int next() {
        if (pos >= end) {
            throw fail("truncated: the key ends inside the component");
        }
        return (buf[pos++] ^ mask) & 0xFF;
    }

    IllegalArgumentException fail(String problem) {
        return new IllegalArgumentException("key component " + component + ": " + problem);
    }

    /** Checks the tag of a non-null component and that {@code fixed} payload bytes follow. */
    private void begin(KeyType type, SortOrder order, int fixed) {
        mask = order.mask();
        if (pos >= end) {
            throw fail("missing: the key ends before this " + type + " component");
        }
        int tag = (buf[pos] ^ mask) & 0xFF;
        if (tag != type.tag()) {
            if (tag == KeyType.NULL_TAG) {
                throw fail("unexpected NULL where a " + type + " value was expected");
            }
            throw fail(String.format("expected tag 0x%02X (%s %s) or 0x%02X (NULL %s), found 0x%02X",
                    type.tag() ^ mask, type, order, KeyType.NULL_TAG ^ mask, order, buf[pos] & 0xFF));
        }
        pos++;
        if (end - pos < fixed) {
            throw fail("truncated: " + type + " needs " + fixed + " bytes after the tag, "
                    + (end - pos) + " left");
        }
    }

    private long readRawLong() {
        long v = (long) LONG_BE.get(buf, pos);
        pos += 8;
        return mask == 0 ? v : ~v;
    }

    /** Reads up to the 0x00 0x01 terminator, undoing the 0x00 0xFF escapes. */
    private byte[] readEscaped(KeyType type) {
        int m = mask;
        int escapes = 0;
        int i = pos;
        while (true) {
            if (i >= end) {
                throw fail("truncated: unterminated " + type + " (no 0x00 0x01 terminator)");
            }
            if (((buf[i] ^ m) & 0xFF) != 0) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                throw fail("truncated: " + type + " ends inside an escape sequence");
            }
            int second = (buf[i + 1] ^ m) & 0xFF;
            if (second == 0x01) {
                break;
            }
            if (second != 0xFF) {
                throw fail(String.format("invalid escape 0x00 0x%02X in %s at byte offset %d"
                        + " (expected 0x00 0xFF or the terminator 0x00 0x01)", second, type, i));
            }
            escapes++;
            i += 2;
        }
        byte[] out = new byte[i - pos - escapes];
        int o = 0;
        for (int j = pos; j < i; j++) {
            byte b = (byte) (buf[j] ^ m);
            out[o++] = b;
            if (b == 0) {
                j++; // skip the 0xFF of the escape
            }
        }
        pos = i + 2;
        return out;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
