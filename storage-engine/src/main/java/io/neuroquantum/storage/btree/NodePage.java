package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.buffer.PageGuard;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.page.PageLayout;
import io.neuroquantum.storage.page.PageType;
import java.util.ArrayList;
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
 * |     32 | 2 * n | slots: cell offsets, in key order                           |
 * |    ... |       | free space                                                  |
 * |   heap |       | cells, growing down from the end of the page                |
 * </pre>
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
    static final int SLOTS = 32;

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
        return g.getUnsignedShort(SLOTS + 2 * index);
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
        return heap(g) - (SLOTS + 2 * count(g)) + g.getUnsignedShort(FRAGMENTED);
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
     * if the key is absent (like {@link java.util.Arrays#binarySearch}).
     */
    static int search(PageGuard g, byte[] key) {
        int lo = 0;
        int hi = count(g) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareKey(g, mid, key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
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
        return java.util.Arrays.copyOfRange(cell, from, from + keyLen);
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
        for (int i = from; i < to; i++) {
            append(g, cells.get(i));
        }
    }

    /** Appends a cell after the last one; the caller knows it fits and sorts last. */
    static void append(WriteGuard g, byte[] cell) {
        int n = count(g);
        int heap = heap(g) - cell.length;
        g.copyFrom(cell, 0, heap, cell.length);
        g.putShort(SLOTS + 2 * n, heap);
        g.putShort(HEAP, heap);
        g.putShort(COUNT, n + 1);
    }

    /** Whether a cell of {@code size} bytes fits (possibly after compaction). */
    static boolean fits(PageGuard g, int size) {
        return totalFree(g) >= size + 2;
    }

    /**
     * Reserves {@code size} bytes for a new cell at slot {@code index}, compacting first if
     * the contiguous gap is too small, and returns the cell's offset. The caller checked
     * {@link #fits} and writes the cell bytes.
     */
    static int insertSlot(WriteGuard g, int index, int size) {
        int n = count(g);
        int slotsEnd = SLOTS + 2 * n;
        if (heap(g) - slotsEnd < size + 2) {
            compact(g);
        }
        int heap = heap(g) - size;
        if (index < n) {
            g.move(SLOTS + 2 * index, SLOTS + 2 * index + 2, 2 * (n - index));
        }
        g.putShort(SLOTS + 2 * index, heap);
        g.putShort(HEAP, heap);
        g.putShort(COUNT, n + 1);
        return heap;
    }

    static void insertCell(WriteGuard g, int index, byte[] cell) {
        int off = insertSlot(g, index, cell.length);
        g.copyFrom(cell, 0, off, cell.length);
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

    /** Removes slot {@code index}; its bytes become a fragment (reclaimed by compaction). */
    static void removeCell(WriteGuard g, int index) {
        int n = count(g);
        int cell = cellOffset(g, index);
        int size = cellSize(g, cell);
        if (index < n - 1) {
            g.move(SLOTS + 2 * index + 2, SLOTS + 2 * index, 2 * (n - index - 1));
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
