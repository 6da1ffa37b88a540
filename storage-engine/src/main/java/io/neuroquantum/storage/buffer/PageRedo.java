package io.neuroquantum.storage.buffer;

import io.neuroquantum.storage.page.PageLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The redo of one page within one mini-transaction: every byte change made through its
 * {@link WriteGuard}, in order, as a compact list of operations (see
 * docs/formats/wal.md, "page redo"):
 *
 * <pre>
 * SET  (1): u16 offset, u16 length, bytes    -- putByte/Short/Int/Long, copyFrom
 * MOVE (2): u16 from, u16 to, u16 length      -- slot array shifts and the like
 * FILL (3): u16 offset, u16 length, u8 value
 * </pre>
 *
 * Replaying the operations on the page as it was before them (or, for a page in
 * {@link Mode#INIT}, on a zeroed page) gives exactly the bytes after them. Consecutive SETs
 * of adjacent ranges are merged. The page LSN field is never part of the operations: it is
 * stamped when the mini-transaction commits.
 */
public final class PageRedo {

    /** How the operations apply. */
    public enum Mode {
        /** On the page as it is on disk (its LSN tells whether it is already applied). */
        DELTA(0),
        /** On a zeroed page: the page was (re)formatted; its old content does not matter. */
        INIT(1),
        /** The record carries the full page: install it (torn-page repair after a checkpoint). */
        IMAGE(2);

        public final byte code;

        Mode(int code) {
            this.code = (byte) code;
        }

        public static Mode of(byte code) {
            return switch (code) {
                case 0 -> DELTA;
                case 1 -> INIT;
                case 2 -> IMAGE;
                default -> throw new IllegalArgumentException("unknown page redo mode " + code);
            };
        }
    }

    static final byte SET = 1;
    static final byte MOVE = 2;
    static final byte FILL = 3;

    /** Room for a typical leaf change (a cell of a 100-byte value, its slot, the header) without growing. */
    private static final int INITIAL_OPS = 192;
    private static final byte[] NO_OPS = new byte[0];

    final WriteGuard guard;
    final long priorLsn;
    Mode mode;
    private byte[] ops = NO_OPS; // allocated on the first change: most guards change nothing
    private int size;
    private int lastSetAt = -1; // offset in ops of the last SET, for merging
    private int lastSetEnd = -1; // page offset just after the last SET's range

    PageRedo(WriteGuard guard, long priorLsn, Mode mode) {
        this.guard = guard;
        this.priorLsn = priorLsn;
        this.mode = mode;
    }

    public long pageId() {
        return guard.pageId;
    }

    /** The page LSN before this mini-transaction touched it (0 for a page created in it). */
    public long priorLsn() {
        return priorLsn;
    }

    public Mode mode() {
        return mode;
    }

    /** Whether the page was changed at all (unchanged pages need no redo). */
    public boolean changed() {
        return size > 0 || mode == Mode.INIT;
    }

    /** Bytes of the encoded operations. */
    public int opsLength() {
        return size;
    }

    /** Copies the operations into {@code out}. */
    public void writeOps(ByteBuffer out) {
        out.put(ops, 0, size);
    }

    /** Copies the whole page (as it is now, under the caller's latch) into {@code out}. */
    public void writeImage(ByteBuffer out) {
        MemorySegment page = guard.page;
        int n = (int) page.byteSize();
        MemorySegment.copy(page, 0, MemorySegment.ofBuffer(out), 0, n); // the view starts at out.position()
        // the checksum and LSN fields of an image are meaningless; zero them for determinism
        for (int i = 0; i < PageLayout.LSN_OFFSET + 8; i++) {
            out.put(out.position() + i, (byte) 0);
        }
        out.position(out.position() + n);
    }

    // ---------------------------------------------------------------- recording

    void set(int offset, int length) {
        if (lastSetAt >= 0 && offset == lastSetEnd && lastSetEnd - rangeStart() + length <= 0xffff) {
            int oldLen = u16(lastSetAt + 3);
            ensure(length);
            copyPage(offset, length);
            putU16(lastSetAt + 3, oldLen + length);
            lastSetEnd += length;
            return;
        }
        ensure(5 + length);
        int at = size;
        ops[size++] = SET;
        putU16(size, offset);
        putU16(size + 2, length);
        size += 4;
        copyPage(offset, length);
        lastSetAt = at;
        lastSetEnd = offset + length;
    }

    private int rangeStart() {
        return u16(lastSetAt + 1);
    }

    void move(int from, int to, int length) {
        ensure(7);
        ops[size++] = MOVE;
        putU16(size, from);
        putU16(size + 2, to);
        putU16(size + 4, length);
        size += 6;
        lastSetAt = -1;
    }

    void fill(int offset, int length, byte value) {
        ensure(6);
        ops[size++] = FILL;
        putU16(size, offset);
        putU16(size + 2, length);
        ops[size + 4] = value;
        size += 5;
        lastSetAt = -1;
    }

    private void copyPage(int offset, int length) {
        MemorySegment.copy(guard.page, ValueLayout.JAVA_BYTE, offset, ops, size, length);
        size += length;
    }

    private void ensure(int extra) {
        if (size + extra > ops.length) {
            ops = Arrays.copyOf(ops, Math.max(Math.max(ops.length * 2, INITIAL_OPS), size + extra));
        }
    }

    private void putU16(int at, int v) {
        ops[at] = (byte) v;
        ops[at + 1] = (byte) (v >>> 8);
    }

    private int u16(int at) {
        return (ops[at] & 0xff) | (ops[at + 1] & 0xff) << 8;
    }

    // ---------------------------------------------------------------- replay

    /**
     * Applies encoded operations to {@code page}.
     *
     * @throws IllegalArgumentException if the operations are malformed or reach outside the page
     */
    public static void apply(MemorySegment page, ByteBuffer ops) {
        ByteBuffer b = ops.order(ByteOrder.LITTLE_ENDIAN);
        long pageSize = page.byteSize();
        while (b.hasRemaining()) {
            byte op = b.get();
            switch (op) {
                case SET -> {
                    int off = Short.toUnsignedInt(b.getShort());
                    int len = Short.toUnsignedInt(b.getShort());
                    check(off, len, pageSize, b.remaining() >= len);
                    MemorySegment.copy(b.array(), b.arrayOffset() + b.position(), page, ValueLayout.JAVA_BYTE, off, len);
                    b.position(b.position() + len);
                }
                case MOVE -> {
                    int from = Short.toUnsignedInt(b.getShort());
                    int to = Short.toUnsignedInt(b.getShort());
                    int len = Short.toUnsignedInt(b.getShort());
                    check(from, len, pageSize, true);
                    check(to, len, pageSize, true);
                    MemorySegment.copy(page, from, page, to, len);
                }
                case FILL -> {
                    int off = Short.toUnsignedInt(b.getShort());
                    int len = Short.toUnsignedInt(b.getShort());
                    byte value = b.get();
                    check(off, len, pageSize, true);
                    page.asSlice(off, len).fill(value);
                }
                default -> throw new IllegalArgumentException("unknown page redo operation " + op);
            }
        }
    }

    private static void check(int off, int len, long pageSize, boolean dataPresent) {
        if (off + len > pageSize || !dataPresent) {
            throw new IllegalArgumentException("page redo operation reaches outside the page or the record");
        }
    }
}
