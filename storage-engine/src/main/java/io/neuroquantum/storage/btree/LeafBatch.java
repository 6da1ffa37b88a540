package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.buffer.PageGuard;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Rows a cursor has read but not yet returned. Each leaf is copied whole into a heap image
 * (one 4–16 KiB copy) while its latch is held; the batch then remembers, per image, which
 * slots to return and in which direction. A row is decoded (cell offset, key and value
 * position) only when the cursor moves onto it, and keys and values are materialised only
 * when asked for, or handed out as read-only views without copying. Overflow values are
 * read during the copy, while the leaf is still latched. Images are recycled.
 */
final class LeafBatch {

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final BTree tree;
    private byte[][] images = new byte[8][];
    private MemorySegment[] segments = new MemorySegment[8];
    private int[] first = new int[8];       // first slot to return, per image
    private int[] last = new int[8];        // last slot to return (inclusive), per image
    private byte[][][] overflow = new byte[8][][]; // per image: overflow values by slot, or null
    private int allocated;
    private int used;
    private int rows;

    // iteration state: image index and slot of the current row
    private int img;
    private int slot;
    private boolean positioned;

    // the current row, decoded
    private byte[] cur;
    private int keyOff;
    private int keyLen;
    private int valOff;
    private int valLen;
    private byte[] curOverflow;

    LeafBatch(BTree tree) {
        this.tree = tree;
    }

    int size() {
        return rows;
    }

    void clear() {
        for (int i = 0; i < used; i++) {
            overflow[i] = null;
        }
        used = 0;
        rows = 0;
        img = 0;
        positioned = false;
        cur = null;
    }

    /** Copies the leaf and adds its slots {@code from} to {@code to} (inclusive), in that direction. */
    void addLeaf(PageGuard leaf, int from, int to) {
        int pageSize = leaf.pageSize();
        if (used == allocated) {
            if (allocated == images.length) {
                int cap = images.length * 2;
                images = Arrays.copyOf(images, cap);
                segments = Arrays.copyOf(segments, cap);
                first = Arrays.copyOf(first, cap);
                last = Arrays.copyOf(last, cap);
                overflow = Arrays.copyOf(overflow, cap);
            }
            images[allocated] = new byte[pageSize];
            // read-only once here: its slices are read-only too
            segments[allocated] = MemorySegment.ofArray(images[allocated]).asReadOnly();
            allocated++;
        }
        int i = used++;
        byte[] image = images[i];
        leaf.copyTo(0, image, 0, pageSize);
        first[i] = from;
        last[i] = to;
        int step = from <= to ? 1 : -1;
        for (int s = from; s != to + step; s += step) {
            int cell = Short.toUnsignedInt((short) SHORT_LE.get(image, NodePage.SLOTS + NodePage.SLOT_SIZE * s));
            if ((int) INT_LE.get(image, cell + 2) < 0) {
                if (overflow[i] == null) {
                    overflow[i] = new byte[NodePage.count(leaf)][];
                }
                overflow[i][s] = tree.value(leaf, s);
            }
        }
        rows += Math.abs(to - from) + 1;
    }

    /** Moves to the next row; false when the batch is exhausted. */
    boolean advance() {
        if (!positioned) {
            if (used == 0) {
                return false;
            }
            positioned = true;
            img = 0;
            slot = first[0];
        } else if (slot == last[img]) {
            if (++img == used) {
                return false;
            }
            slot = first[img];
        } else {
            slot += first[img] <= last[img] ? 1 : -1;
        }
        decode(img, slot);
        return true;
    }

    private void decode(int image, int s) {
        byte[] b = images[image];
        int cell = Short.toUnsignedInt((short) SHORT_LE.get(b, NodePage.SLOTS + NodePage.SLOT_SIZE * s));
        cur = b;
        keyLen = Short.toUnsignedInt((short) SHORT_LE.get(b, cell));
        keyOff = cell + NodePage.LEAF_CELL_HEADER;
        int info = (int) INT_LE.get(b, cell + 2);
        byte[][] ov = overflow[image];
        if (info < 0) {
            curOverflow = ov[s];
            valOff = 0;
            valLen = curOverflow.length;
        } else {
            curOverflow = null;
            valOff = keyOff + keyLen;
            valLen = info;
        }
    }

    byte[] key() {
        return Arrays.copyOfRange(cur, keyOff, keyOff + keyLen);
    }

    int keyLength() {
        return keyLen;
    }

    byte keyByte(int index) {
        if (index < 0 || index >= keyLen) {
            throw new IndexOutOfBoundsException("key byte " + index + " of a " + keyLen + "-byte key");
        }
        return cur[keyOff + index];
    }

    long keyLong(int offset) {
        if (offset < 0 || offset + 8 > keyLen) {
            throw new IndexOutOfBoundsException("8 bytes at " + offset + " of a " + keyLen + "-byte key");
        }
        return (long) LONG_BE.get(cur, keyOff + offset);
    }

    int valueLength() {
        return valLen;
    }

    long valueLong(int offset) {
        if (offset < 0 || offset + 8 > valLen) {
            throw new IndexOutOfBoundsException("8 bytes at " + offset + " of a " + valLen + "-byte value");
        }
        return curOverflow != null ? (long) LONG_BE.get(curOverflow, offset) : (long) LONG_BE.get(cur, valOff + offset);
    }

    byte[] value() {
        return curOverflow != null ? curOverflow.clone() : Arrays.copyOfRange(cur, valOff, valOff + valLen);
    }

    MemorySegment keySegment() {
        return segments[img].asSlice(keyOff, keyLen);
    }

    MemorySegment valueSegment() {
        return curOverflow != null ? MemorySegment.ofArray(curOverflow).asReadOnly() : segments[img].asSlice(valOff, valLen);
    }

    /** The key of the batch's last row (where the next refill resumes). */
    byte[] lastKey() {
        byte[] b = images[used - 1];
        int cell = Short.toUnsignedInt((short) SHORT_LE.get(b, NodePage.SLOTS + NodePage.SLOT_SIZE * last[used - 1]));
        int len = Short.toUnsignedInt((short) SHORT_LE.get(b, cell));
        int off = cell + NodePage.LEAF_CELL_HEADER;
        return Arrays.copyOfRange(b, off, off + len);
    }
}
