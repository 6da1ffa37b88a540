package io.neuroquantum.storage.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Access to one pinned and latched page. Obtained from {@link BufferPool#read} or
 * {@link BufferPool#write} and used in try-with-resources: {@link #close()} releases the
 * latch and then the pin, on every path. A guard must not be used after it is closed
 * (its accessors then fail with a NullPointerException) nor shared between threads.
 *
 * <p>Numbers are little-endian; {@link #compareBytes} compares as unsigned bytes.
 */
public abstract sealed class PageGuard implements AutoCloseable permits ReadGuard, WriteGuard, OptimisticGuard {

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final VarHandle ARRAY_LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    final BufferPool pool;
    final Frame frame;
    final long pageId;
    MemorySegment page;
    final long stamp;

    PageGuard(BufferPool pool, Frame frame, long pageId, long stamp) {
        this.pool = pool;
        this.frame = frame;
        this.pageId = pageId;
        this.page = frame.segment;
        this.stamp = stamp;
    }

    public final long pageId() {
        return pageId;
    }

    public final int pageSize() {
        return (int) page.byteSize();
    }

    public final byte getByte(int offset) {
        return page.get(ValueLayout.JAVA_BYTE, offset);
    }

    public final int getUnsignedShort(int offset) {
        return Short.toUnsignedInt(page.get(SHORT, offset));
    }

    public final int getInt(int offset) {
        return page.get(INT, offset);
    }

    public final long getLong(int offset) {
        return page.get(LONG, offset);
    }

    public final void copyTo(int offset, byte[] dst, int dstOffset, int length) {
        MemorySegment.copy(page, ValueLayout.JAVA_BYTE, offset, dst, dstOffset, length);
    }

    public final byte[] bytes(int offset, int length) {
        byte[] out = new byte[length];
        copyTo(offset, out, 0, length);
        return out;
    }

    /**
     * Compares {@code length} page bytes at {@code offset} with {@code key} as unsigned byte
     * strings (shorter prefix first): negative if the page bytes sort first.
     */
    public final int compareBytes(int offset, int length, byte[] key) {
        int c = comparePrefix(offset, key, Math.min(length, key.length));
        return c != 0 ? c : length - key.length;
    }

    /**
     * Compares the first {@code length} page bytes at {@code offset} with the first
     * {@code length} bytes of {@code key}, unsigned: negative if the page bytes sort first, 0
     * if equal. The caller ensures both have that many bytes.
     */
    public final int comparePrefix(int offset, byte[] key, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long a = page.get(LONG_BE, offset + i);
            long b = (long) ARRAY_LONG_BE.get(key, i);
            if (a != b) {
                return Long.compareUnsigned(a, b);
            }
        }
        for (; i < length; i++) {
            int a = Byte.toUnsignedInt(page.get(ValueLayout.JAVA_BYTE, offset + i));
            int b = Byte.toUnsignedInt(key[i]);
            if (a != b) {
                return a - b;
            }
        }
        return 0;
    }

    /**
     * How many of the {@code length} bytes at page {@code offset} and at {@code bytes[from]}
     * are equal before the first difference ({@code length} if none). The caller ensures both
     * have that many bytes.
     */
    public final int commonPrefix(int offset, byte[] bytes, int from, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long a = page.get(LONG_BE, offset + i);
            long b = (long) ARRAY_LONG_BE.get(bytes, from + i);
            if (a != b) {
                return i + Long.numberOfLeadingZeros(a ^ b) / 8;
            }
        }
        for (; i < length; i++) {
            if (page.get(ValueLayout.JAVA_BYTE, offset + i) != bytes[from + i]) {
                return i;
            }
        }
        return length;
    }

    /** Compares page bytes with page bytes of another guard, unsigned. */
    public final int compareBytes(int offset, int length, PageGuard other, int otherOffset, int otherLength) {
        long mismatch = MemorySegment.mismatch(page, offset, offset + length, other.page, otherOffset, otherOffset + otherLength);
        if (mismatch < 0) {
            return 0;
        }
        if (mismatch == length || mismatch == otherLength) {
            return length - otherLength;
        }
        return Byte.toUnsignedInt(page.get(ValueLayout.JAVA_BYTE, offset + mismatch))
                - Byte.toUnsignedInt(other.page.get(ValueLayout.JAVA_BYTE, otherOffset + mismatch));
    }

    @Override
    public abstract void close();
}
