package io.neuroquantum.storage.keys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;

/**
 * Appends key components to a growable buffer. Each component is a tag byte and a payload
 * (layouts in {@link KeyType}); a {@link SortOrder#DESC} component is written and then
 * complemented byte by byte, tag included.
 *
 * <pre>
 * | component 0 | component 1 | ... |      component = | tag | payload |   (DESC: every byte ~)
 * </pre>
 *
 * <p>The methods taking an object write SQL NULL for a {@code null} argument. A failed write
 * throws {@link IllegalArgumentException} naming the column index and leaves the buffer as it
 * was before the call. Not thread-safe; reusable through {@link #reset()}.
 */
public final class KeyWriter {

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final long CANONICAL_NAN_BITS = 0x7ff8000000000000L;
    private static final int MAX_KEY_BYTES = Integer.MAX_VALUE - 16;

    private byte[] buf;
    private int size;
    private int components;

    public KeyWriter() {
        this(32);
    }

    public KeyWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity < 0: " + initialCapacity);
        }
        buf = new byte[initialCapacity];
    }

    /**
     * Writes {@code value} as a component of type {@code column.type()} in {@code column.order()}.
     * {@code null} is SQL NULL; any other value must be an instance of
     * {@code column.type().javaType()} exactly (no widening or conversion).
     */
    public KeyWriter write(KeyColumn column, Object value) {
        SortOrder order = column.order();
        if (value == null) {
            return writeNull(order);
        }
        KeyType type = column.type();
        if (!type.javaType().isInstance(value)) {
            throw fail("expected " + type + " (" + type.javaType().getName() + "), got "
                    + value.getClass().getName());
        }
        return switch (type) {
            case BIGINT -> writeLong((Long) value, order);
            case INT -> writeInt((Integer) value, order);
            case DOUBLE -> writeDouble((Double) value, order);
            case DECIMAL -> writeDecimal((BigDecimal) value, order);
            case VARCHAR -> writeString((String) value, order);
            case BYTEA -> writeBytes((byte[]) value, order);
            case BOOLEAN -> writeBoolean((Boolean) value, order);
            case TIMESTAMP -> writeTimestamp((Instant) value, order);
        };
    }

    /** {@code | 0xF0 |}: sorts after every non-null value under ASC, before under DESC. */
    public KeyWriter writeNull(SortOrder order) {
        ensure(1);
        int start = size;
        buf[size++] = (byte) KeyType.NULL_TAG;
        return end(start, order);
    }

    /** BIGINT: {@code | 0x10 | 8 bytes big-endian, sign bit flipped |}. */
    public KeyWriter writeLong(long value, SortOrder order) {
        int start = begin(KeyType.BIGINT, 8);
        LONG_BE.set(buf, size, value ^ Long.MIN_VALUE);
        size += 8;
        return end(start, order);
    }

    /** INT: {@code | 0x11 | 4 bytes big-endian, sign bit flipped |}. */
    public KeyWriter writeInt(int value, SortOrder order) {
        int start = begin(KeyType.INT, 4);
        INT_BE.set(buf, size, value ^ Integer.MIN_VALUE);
        size += 4;
        return end(start, order);
    }

    /**
     * DOUBLE: {@code | 0x12 | 8 bytes |}, the IEEE-754 bits with the sign bit flipped for
     * positives and all bits flipped for negatives. -0.0 is written as 0.0; every NaN as the
     * canonical NaN, which sorts above +Infinity.
     */
    public KeyWriter writeDouble(double value, SortOrder order) {
        int start = begin(KeyType.DOUBLE, 8);
        LONG_BE.set(buf, size, sortableDoubleBits(value));
        size += 8;
        return end(start, order);
    }

    /** DECIMAL: {@code | 0x13 | class | exponent | digits |}, see {@link DecimalCodec}. */
    public KeyWriter writeDecimal(BigDecimal value, SortOrder order) {
        if (value == null) {
            return writeNull(order);
        }
        int start = size;
        try {
            DecimalCodec.write(this, value);
        } catch (IllegalArgumentException e) {
            size = start;
            throw e;
        }
        return end(start, order);
    }

    /**
     * VARCHAR: {@code | 0x14 | UTF-8, each 0x00 as 0x00 0xFF | 0x00 0x01 |}. Strings with an
     * unpaired surrogate have no UTF-8 form and are rejected.
     */
    public KeyWriter writeString(String value, SortOrder order) {
        if (value == null) {
            return writeNull(order);
        }
        int n = value.length();
        int start = begin(KeyType.VARCHAR, 3L * n + 2);
        byte[] b = buf;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    b[p++] = 0x00;
                    b[p++] = (byte) 0xFF;
                } else {
                    b[p++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < n ? value.charAt(i + 1) : 0;
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
                    size = start;
                    throw fail(String.format(
                            "VARCHAR value has an unpaired surrogate U+%04X at index %d", (int) c, i));
                }
                int cp = Character.toCodePoint(c, low);
                i++;
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = 0x00;
        b[p++] = 0x01;
        size = p;
        return end(start, order);
    }

    /** BYTEA: {@code | 0x15 | bytes, each 0x00 as 0x00 0xFF | 0x00 0x01 |}. */
    public KeyWriter writeBytes(byte[] value, SortOrder order) {
        if (value == null) {
            return writeNull(order);
        }
        int start = begin(KeyType.BYTEA, 2L * value.length + 2);
        byte[] b = buf;
        int p = size;
        for (byte v : value) {
            b[p++] = v;
            if (v == 0) {
                b[p++] = (byte) 0xFF;
            }
        }
        b[p++] = 0x00;
        b[p++] = 0x01;
        size = p;
        return end(start, order);
    }

    /** BOOLEAN: {@code | 0x16 | 0x00 false, 0x01 true |}. */
    public KeyWriter writeBoolean(boolean value, SortOrder order) {
        int start = begin(KeyType.BOOLEAN, 1);
        buf[size++] = (byte) (value ? 1 : 0);
        return end(start, order);
    }

    /**
     * TIMESTAMP: {@code | 0x17 | micros since the epoch, 8 bytes big-endian, sign flipped |}.
     * Rejects instants with a sub-microsecond part and instants whose microsecond count does
     * not fit a long (before about 292,278 BC or after 294,247 AD).
     */
    public KeyWriter writeTimestamp(Instant value, SortOrder order) {
        if (value == null) {
            return writeNull(order);
        }
        long micros;
        try {
            micros = toEpochMicros(value);
        } catch (ArithmeticException e) {
            throw fail("TIMESTAMP " + value + " is out of range: microseconds since the epoch"
                    + " must fit a signed 64-bit integer");
        }
        if (value.getNano() % 1000 != 0) {
            throw fail("TIMESTAMP " + value + " has sub-microsecond precision;"
                    + " truncate it to microseconds first");
        }
        int start = begin(KeyType.TIMESTAMP, 8);
        LONG_BE.set(buf, size, micros ^ Long.MIN_VALUE);
        size += 8;
        return end(start, order);
    }

    /** Number of bytes written so far. */
    public int length() {
        return size;
    }

    /** Number of components written so far. */
    public int componentCount() {
        return components;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Empties the writer, keeping its buffer. */
    public KeyWriter reset() {
        size = 0;
        components = 0;
        return this;
    }

    // --- helpers, also used by DecimalCodec -------------------------------------------------

    /** Ensures room for the tag plus {@code payload} bytes, writes the tag, returns the start. */
    int begin(KeyType type, long payload) {
        ensure(1 + payload);
        int start = size;
        buf[size++] = (byte) type.tag();
        return start;
    }

    void put(int b) {
        buf[size++] = (byte) b;
    }

    void putInt(int v) {
        INT_BE.set(buf, size, v);
        size += 4;
    }

    /** Complements every byte from {@code from} to the end. */
    void complementFrom(int from) {
        byte[] b = buf;
        for (int i = from, n = size; i < n; i++) {
            b[i] = (byte) ~b[i];
        }
    }

    /** An exception for the column being written; the caller must undo any partial write. */
    IllegalArgumentException fail(String problem) {
        return new IllegalArgumentException("key column " + components + ": " + problem);
    }

    private KeyWriter end(int start, SortOrder order) {
        if (order == SortOrder.DESC) {
            complementFrom(start);
        }
        components++;
        return this;
    }

    private void ensure(long extra) {
        long needed = size + extra;
        if (needed > buf.length) {
            if (needed > MAX_KEY_BYTES) {
                throw fail("key would exceed " + MAX_KEY_BYTES + " bytes");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(needed, Math.min(2L * buf.length, MAX_KEY_BYTES)));
        }
    }

    static long sortableDoubleBits(double value) {
        long bits;
        if (value != value) {
            bits = CANONICAL_NAN_BITS;
        } else if (value == 0.0) {
            bits = 0L; // -0.0 == 0.0
        } else {
            bits = Double.doubleToRawLongBits(value);
        }
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    static long toEpochMicros(Instant t) {
        long seconds = t.getEpochSecond();
        long micros = t.getNano() / 1000;
        if (seconds < 0 && micros > 0) {
            // keeps the multiplication in range at the negative edge
            return Math.addExact(Math.multiplyExact(seconds + 1, 1_000_000L), micros - 1_000_000L);
        }
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
    }
}
