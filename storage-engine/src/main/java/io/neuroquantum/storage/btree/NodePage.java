package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.buffer.PageGuard;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.page.PageLayout;
import io.neuroquantum.storage.page.PageType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Slotted layout shared by leaf and inner nodes (see docs/formats/btree.md).
 *
 * <pre>
 * | offset | size  | field                                                       |
 * |--------|-------|-------------------------------------------------------------|
 * |      0 |    16 | common page header, type BTREE_LEAF or BTREE_INNER          |
 * |     16 |     2 | n: number of cells                                          |
 * |     18 |     2 | heap start: lowest offset of any cell (cells fill [heap, end)) |
 * |     20 |     2 | fragmented bytes inside the heap (from removed cells)       |
 * |     22 |     2 | level: 0 for leaves, parent = child + 1                     |
 * |     24 |     8 | leaf: right sibling page id (0: last leaf); inner: leftmost child |
 * |     32 |     2 | prefix length p: every key in the node starts with the same p bytes |
 * |     34 |     2 | reserved, zero                                              |
 * |     36 | 6 * n | slots in key order: u16 cell offset, u32 head                |
 * |    ... |       | free space                                                  |
 * |   heap |       | cells, growing down from the end of the page                |
 * </pre>
 *
 * <h2>Heads</h2>
 * A slot's head is the key's bytes [p, p + 4) as a big-endian unsigned number, zero-padded
 * past the key's end. Since every key of the node shares its first p bytes, heads order
 * like the keys (ties need the full keys), so a binary search compares the 4-byte heads in
 * the contiguous slot array and touches a cell only on a tie: a few cache lines per node
 * instead of one per probe ("poor man's normalized keys"). Invariants: every key shares
 * the first p bytes of cell 0's key; every head matches its key and p. p never grows
 * through an insert (an insert that becomes the first or last key shrinks it to what the
 * new key shares, rewriting the heads); a rebuild (split, merge, compaction) sets it to
 * the common prefix of the first and last keys, which every key between them shares.
 *
 * Leaf cell: {@code | u16 keyLen | i32 valueInfo | key | value or u64 overflow page |};
 * valueInfo ≥ 0 is the inline value length, valueInfo < 0 means the value lives in an
 * overflow chain and its length is {@code valueInfo & 0x7fffffff}.
 * Inner cell: {@code | u16 keyLen | u64 child | key |}: keys ≥ key (and < the next cell's
 * key) live under child; keys below the first cell's key live under the leftmost child.
 *
 * <p>All methods expect the caller to hold the appropriate latch on the guard.
 */
final class NodePage {

    static final int COUNT = 16;
    static final int HEAP = 18;
    static final int FRAGMENTED = 20;
    static final int LEVEL = 22;
    static final int LINK = 24;
    static final int PREFIX = 32;
    static final int SLOTS = 36;
    static final int SLOT_SIZE = 6;

    static final int LEAF_CELL_HEADER = 6;
    static final int INNER_CELL_HEADER = 10;

    private NodePage() {
    }

    static void format(WriteGuard g, boolean leaf, int level, long link) {
        g.putByte(PageLayout.TYPE_OFFSET, (leaf ? PageType.BTREE_LEAF : PageType.BTREE_INNER).code());
        g.putShort(COUNT, 0);
        g.putShort(HEAP, g.pageSize());
        g.putShort(FRAGMENTED, 0);
        g.putShort(LEVEL, level);
        g.putLong(LINK, link);
        g.putInt(PREFIX, 0); // prefix length and the reserved field
    }

    static boolean isLeaf(PageGuard g) {
        return g.getByte(PageLayout.TYPE_OFFSET) == PageType.BTREE_LEAF.code();
    }

    static int count(PageGuard g) {
        return g.getUnsignedShort(COUNT);
    }

    static int level(PageGuard g) {
        return g.getUnsignedShort(LEVEL);
    }

    static long link(PageGuard g) {
        return g.getLong(LINK);
    }

    static int heap(PageGuard g) {
        int h = g.getUnsignedShort(HEAP);
        return h == 0 ? g.pageSize() : h;
    }

    static int cellOffset(PageGuard g, int index) {
        return g.getUnsignedShort(SLOTS + SLOT_SIZE * index);
    }

    static int head(PageGuard g, int index) {
        return g.getInt(SLOTS + SLOT_SIZE * index + 2);
    }

    static int prefixLength(PageGuard g) {
        return g.getUnsignedShort(PREFIX);
    }

    /** Bytes [p, p + 4) of {@code key}, big-endian, zero past its end. */
    static int headOf(byte[] key, int p) {
        return headOf(key, 0, key.length, p);
    }

    /** The head of the key in {@code bytes[from, from + length)}. */
    static int headOf(byte[] bytes, int from, int length, int p) {
        int h = 0;
        for (int i = 0; i < 4; i++) {
            h = (h << 8) | (p + i < length ? bytes[from + p + i] & 0xff : 0);
        }
        return h;
    }

    /** The head of the key stored at page offset {@code keyOffset} with {@code keyLength} bytes. */
    private static int headAt(PageGuard g, int keyOffset, int keyLength, int p) {
        int h = 0;
        for (int i = 0; i < 4; i++) {
            h = (h << 8) | (p + i < keyLength ? g.getByte(keyOffset + p + i) & 0xff : 0);
        }
        return h;
    }

    static int keyLength(PageGuard g, int cell) {
        return g.getUnsignedShort(cell);
    }

    static int keyOffset(PageGuard g, int cell) {
        return cell + (isLeaf(g) ? LEAF_CELL_HEADER : INNER_CELL_HEADER);
    }

    static byte[] key(PageGuard g, int index) {
        int cell = cellOffset(g, index);
        return g.bytes(keyOffset(g, cell), keyLength(g, cell));
    }

    static int compareKey(PageGuard g, int index, byte[] key) {
        int cell = cellOffset(g, index);
        return g.compareBytes(keyOffset(g, cell), keyLength(g, cell), key);
    }

    static int cellSize(PageGuard g, int cell) {
        int keyLen = keyLength(g, cell);
        if (!isLeaf(g)) {
            return INNER_CELL_HEADER + keyLen;
        }
        int info = g.getInt(cell + 2);
        return LEAF_CELL_HEADER + keyLen + (info >= 0 ? info : 8);
    }

    /** Free bytes, counting fragments (available after compaction). */
    static int totalFree(PageGuard g) {
        return heap(g) - (SLOTS + SLOT_SIZE * count(g)) + g.getUnsignedShort(FRAGMENTED);
    }

    /** Bytes used by slots and cells. */
    static int used(PageGuard g) {
        return g.pageSize() - SLOTS - totalFree(g);
    }

    static int capacity(int pageSize) {
        return pageSize - SLOTS;
    }

    /**
     * Binary search. Returns the index of the matching cell, or {@code -(insertionPoint + 1)}
     * if the key is absent (like {@link java.util.Arrays#binarySearch}). The search runs on the
     * heads as if the key shared the node's prefix, comparing whole keys only on a tie, so an
     * exact match is always right. A miss is then checked: a key that does not share the
     * prefix sorts before or after every key of the node. The check reads the cell just below
     * the insertion point, which an inner node's descent reads next anyway (its child id).
     */
    static int search(PageGuard g, byte[] key) {
        int n = count(g);
        if (n == 0) {
            return -1;
        }
        int p = prefixLength(g);
        int h = headOf(key, p);
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(head(g, mid), h);
            if (c == 0) {
                c = compareKey(g, mid, key);
            }
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        if (p > 0) {
            int cell = cellOffset(g, lo > 0 ? lo - 1 : 0);
            int m = Math.min(p, key.length);
            int c = g.comparePrefix(keyOffset(g, cell), key, m);
            if (c != 0) {
                return c > 0 ? -1 : -(n + 1);
            }
            if (key.length < p) {
                return -1; // a proper prefix of every key here
            }
        }
        return -(lo + 1);
    }

    /** Inner node: index of the cell whose child covers key, or -1 for the leftmost child. */
    static int childIndex(PageGuard g, byte[] key) {
        int i = search(g, key);
        return i >= 0 ? i : -(i + 1) - 1;
    }

    static long child(PageGuard g, int index) {
        return index < 0 ? g.getLong(LINK) : g.getLong(cellOffset(g, index) + 2);
    }

    // ---- leaf cell access ----

    static int valueInfo(PageGuard g, int index) {
        return g.getInt(cellOffset(g, index) + 2);
    }

    // ---- whole-cell copies, for structural changes ----

    /** The raw bytes of every cell, in key order. */
    static List<byte[]> cells(PageGuard g) {
        int n = count(g);
        List<byte[]> out = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            int cell = cellOffset(g, i);
            out.add(g.bytes(cell, cellSize(g, cell)));
        }
        return out;
    }

    static byte[] cellKey(byte[] cell, boolean leaf) {
        int keyLen = Short.toUnsignedInt((short) ((cell[0] & 0xff) | (cell[1] & 0xff) << 8));
        int from = leaf ? LEAF_CELL_HEADER : INNER_CELL_HEADER;
        return Arrays.copyOfRange(cell, from, from + keyLen);
    }

    static long innerCellChild(byte[] cell) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (cell[2 + i] & 0xff);
        }
        return v;
    }

    static byte[] innerCell(byte[] key, long child) {
        byte[] cell = new byte[INNER_CELL_HEADER + key.length];
        cell[0] = (byte) key.length;
        cell[1] = (byte) (key.length >>> 8);
        for (int i = 0; i < 8; i++) {
            cell[2 + i] = (byte) (child >>> (8 * i));
        }
        System.arraycopy(key, 0, cell, INNER_CELL_HEADER, key.length);
        return cell;
    }

    /** Replaces the whole content with {@code cells} (in order), keeping type, level and link. */
    static void rebuild(WriteGuard g, List<byte[]> cells, int from, int to) {
        g.putShort(COUNT, 0);
        g.putShort(HEAP, g.pageSize() & 0xffff);
        g.putShort(FRAGMENTED, 0);
        boolean leaf = isLeaf(g);
        int p = to > from ? commonPrefix(cells.get(from), cells.get(to - 1), leaf) : 0;
        g.putShort(PREFIX, p);
        int keyFrom = leaf ? LEAF_CELL_HEADER : INNER_CELL_HEADER;
        for (int i = from; i < to; i++) {
            byte[] cell = cells.get(i);
            int n = appendCell(g, cell);
            g.putInt(SLOTS + SLOT_SIZE * n + 2, headOf(cell, keyFrom, cellKeyLength(cell), p));
        }
    }

    /** Length of the common prefix of two cells' keys. */
    private static int commonPrefix(byte[] a, byte[] b, boolean leaf) {
        int from = leaf ? LEAF_CELL_HEADER : INNER_CELL_HEADER;
        int m = Arrays.mismatch(a, from, from + cellKeyLength(a), b, from, from + cellKeyLength(b));
        return m < 0 ? cellKeyLength(a) : m;
    }

    private static int cellKeyLength(byte[] cell) {
        return (cell[0] & 0xff) | (cell[1] & 0xff) << 8;
    }

    /** Appends a cell after the last one; the caller knows it fits and sorts last. */
    static void append(WriteGuard g, byte[] cell) {
        admitKey(g, appendCell(g, cell), cell);
    }

    /** Stores {@code cell} below the heap and its slot after the last one; returns the slot (its head is the caller's). */
    private static int appendCell(WriteGuard g, byte[] cell) {
        int n = count(g);
        int heap = heap(g) - cell.length;
        g.copyFrom(cell, 0, heap, cell.length);
        g.putShort(SLOTS + SLOT_SIZE * n, heap);
        g.putShort(HEAP, heap);
        g.putShort(COUNT, n + 1);
        return n;
    }

    /** Whether a cell of {@code size} bytes fits (possibly after compaction). */
    static boolean fits(PageGuard g, int size) {
        return totalFree(g) >= size + SLOT_SIZE;
    }

    /**
     * Reserves {@code size} bytes for a new cell at slot {@code index}, compacting first if
     * the contiguous gap is too small, and returns the cell's offset. The caller checked
     * {@link #fits}, writes the cell bytes and then calls {@link #admitKey}.
     */
    private static int insertSlot(WriteGuard g, int index, int size) {
        int n = count(g);
        int slotsEnd = SLOTS + SLOT_SIZE * n;
        if (heap(g) - slotsEnd < size + SLOT_SIZE) {
            compact(g);
        }
        int heap = heap(g) - size;
        if (index < n) {
            g.move(SLOTS + SLOT_SIZE * index, SLOTS + SLOT_SIZE * (index + 1), SLOT_SIZE * (n - index));
        }
        g.putShort(SLOTS + SLOT_SIZE * index, heap);
        g.putShort(HEAP, heap);
        g.putShort(COUNT, n + 1);
        return heap;
    }

    /**
     * Sets the head of {@code cell}'s key, just stored at slot {@code index}. A key that became
     * the first or the last may share fewer than p bytes with the others: p shrinks to what it
     * shares and every head is rewritten. (A key between two others shares their common prefix.)
     */
    private static void admitKey(WriteGuard g, int index, byte[] cell) {
        int n = count(g);
        int keyFrom = isLeaf(g) ? LEAF_CELL_HEADER : INNER_CELL_HEADER;
        int keyLen = cellKeyLength(cell);
        int p = prefixLength(g);
        if (n == 1) {
            p = keyLen;
            g.putShort(PREFIX, p);
        } else if (index == 0 || index == n - 1) {
            int other = cellOffset(g, index == 0 ? 1 : 0);
            int shared = g.commonPrefix(keyOffset(g, other), cell, keyFrom, Math.min(p, keyLen));
            if (shared < p) {
                setPrefix(g, shared);
                return;
            }
        }
        g.putInt(SLOTS + SLOT_SIZE * index + 2, headOf(cell, keyFrom, keyLen, p));
    }

    /** Sets the prefix length and rewrites every head for it. */
    private static void setPrefix(WriteGuard g, int p) {
        g.putShort(PREFIX, p);
        for (int i = 0, n = count(g); i < n; i++) {
            int cell = cellOffset(g, i);
            g.putInt(SLOTS + SLOT_SIZE * i + 2, headAt(g, keyOffset(g, cell), keyLength(g, cell), p));
        }
    }

    static void insertCell(WriteGuard g, int index, byte[] cell) {
        int off = insertSlot(g, index, cell.length);
        g.copyFrom(cell, 0, off, cell.length);
        admitKey(g, index, cell);
    }

    /**
     * Replaces the cell at slot {@code index} by {@code cell} (same key). A cell of the same
     * size is overwritten in place, which changes (and logs) only its bytes; otherwise the
     * old cell is removed and the new one inserted (the caller checked that it fits).
     */
    static void replaceCell(WriteGuard g, int index, byte[] cell) {
        int at = cellOffset(g, index);
        if (cellSize(g, at) == cell.length) {
            g.copyFrom(cell, 0, at, cell.length);
            return;
        }
        removeCell(g, index);
        insertCell(g, index, cell);
    }

    /**
     * Removes slot {@code index}; its bytes become a fragment (reclaimed by compaction). The
     * remaining keys still share the prefix, so p and the heads stay valid.
     */
    static void removeCell(WriteGuard g, int index) {
        int n = count(g);
        int cell = cellOffset(g, index);
        int size = cellSize(g, cell);
        if (index < n - 1) {
            g.move(SLOTS + SLOT_SIZE * (index + 1), SLOTS + SLOT_SIZE * index, SLOT_SIZE * (n - index - 1));
        }
        g.putShort(COUNT, n - 1);
        if (cell == heap(g)) {
            g.putShort(HEAP, (cell + size) & 0xffff);
        } else {
            g.putShort(FRAGMENTED, g.getUnsignedShort(FRAGMENTED) + size);
        }
    }

    /** Rewrites the cells contiguously at the end of the page, removing fragments. */
    static void compact(WriteGuard g) {
        List<byte[]> all = cells(g);
        rebuild(g, all, 0, all.size());
    }
}
