package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.space.PageAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds a tree bottom-up from sorted input: leaves are filled left to right to 90 % (room
 * for later inserts without an immediate split), then each inner level is built over the
 * one below. The last two nodes of a level are balanced so that none is underfull. The
 * meta page is latched exclusively for the whole load.
 *
 * <p>If the input is out of order, the entries before the offending one are loaded, the
 * tree is completed over them, and the error is thrown.
 */
final class BulkLoader {

    private final BTree tree;
    private final BufferPool pool;
    private final PageAllocator allocator;
    private final long metaPage;
    private final int target;
    private final int minUsed;

    BulkLoader(BTree tree, BufferPool pool, PageAllocator allocator, long metaPage, int capacity) {
        this.tree = tree;
        this.pool = pool;
        this.allocator = allocator;
        this.metaPage = metaPage;
        this.target = capacity - capacity / 10;
        this.minUsed = capacity / 4;
    }

    /** One level under construction: the node pages in order and each one's cells. */
    private static final class Level {
        final List<List<byte[]>> nodes = new ArrayList<>();
        final List<Long> pages = new ArrayList<>();
        final List<Long> leftmost = new ArrayList<>(); // inner levels: leftmost child per node
        final List<byte[]> separators = new ArrayList<>(); // inner levels: smallest key under each node
    }

    void load(Iterator<Map.Entry<byte[], byte[]>> entries) {
        // The meta page and the old root stay latched exclusively until the new root is set:
        // concurrent readers and writers (which find the root through the tree's cached root
        // id) wait, and see either the empty tree or the loaded one.
        try (WriteGuard meta = pool.write(metaPage); WriteGuard root = pool.write(TreeMeta.root(meta))) {
            if (TreeMeta.height(meta) != 1 || NodePage.count(root) != 0) {
                throw new IllegalStateException("bulk load needs an empty tree");
            }
            Level leaves = new Level();
            leaves.nodes.add(new ArrayList<>());
            leaves.pages.add(root.pageId());
            RuntimeException failure = null;
            byte[] previous = null;
            int used = 0;
            try {
                while (entries.hasNext()) {
                    Map.Entry<byte[], byte[]> e = entries.next();
                    if (previous != null && Arrays.compareUnsigned(previous, e.getKey()) >= 0) {
                        failure = new IllegalArgumentException("bulk load input is not in strictly ascending key order");
                        break;
                    }
                    byte[] cell = tree.leafCell(e.getKey(), e.getValue());
                    if (used + cell.length + NodePage.SLOT_SIZE > target && !leaves.nodes.getLast().isEmpty()) {
                        leaves.nodes.add(new ArrayList<>());
                        leaves.pages.add(allocator.allocate());
                        used = 0;
                    }
                    leaves.nodes.getLast().add(cell);
                    used += cell.length + NodePage.SLOT_SIZE;
                    previous = e.getKey();
                }
            } catch (RuntimeException e) {
                failure = e; // an invalid entry or a failing iterator: keep and complete the prefix
            }
            balanceTail(leaves, true);
            writeLeaves(leaves, root);
            Level level = leaves;
            int height = 1;
            while (level.pages.size() > 1) {
                level = buildInner(level, height);
                height++;
            }
            tree.setRoot(meta, level.pages.getFirst(), height);
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Writes the leaves; the first one is the old root page, already latched as {@code first}. */
    private void writeLeaves(Level leaves, WriteGuard first) {
        for (int i = 0; i < leaves.pages.size(); i++) {
            long next = i + 1 < leaves.pages.size() ? leaves.pages.get(i + 1) : 0;
            List<byte[]> cells = leaves.nodes.get(i);
            if (i == 0) {
                NodePage.format(first, true, 0, next);
                NodePage.rebuild(first, cells, 0, cells.size());
                continue;
            }
            try (WriteGuard g = pool.create(leaves.pages.get(i))) {
                NodePage.format(g, true, 0, next);
                NodePage.rebuild(g, cells, 0, cells.size());
            }
        }
    }

    private Level buildInner(Level below, int levelNo) {
        boolean belowLeaf = levelNo == 1;
        Level up = new Level();
        int used = 0;
        for (int i = 0; i < below.pages.size(); i++) {
            long child = below.pages.get(i);
            byte[] key = firstKey(below, i, belowLeaf);
            int size = NodePage.INNER_CELL_HEADER + key.length + NodePage.SLOT_SIZE;
            if (i == 0 || (used + size > target && !up.nodes.getLast().isEmpty())) {
                up.nodes.add(new ArrayList<>());
                up.pages.add(allocator.allocate());
                up.leftmost.add(child);
                up.separators.add(key);
                used = 0;
                continue;
            }
            up.nodes.getLast().add(NodePage.innerCell(key, child));
            used += size;
        }
        balanceTail(up, false);
        for (int i = 0; i < up.pages.size(); i++) {
            try (WriteGuard g = pool.create(up.pages.get(i))) {
                NodePage.format(g, false, levelNo, up.leftmost.get(i));
                List<byte[]> cells = up.nodes.get(i);
                NodePage.rebuild(g, cells, 0, cells.size());
            }
        }
        return up;
    }

    /** The smallest key under node i of a level: its first cell's key, or for inner nodes the separator that led to it. */
    private byte[] firstKey(Level level, int i, boolean leaf) {
        if (leaf) {
            return NodePage.cellKey(level.nodes.get(i).getFirst(), true);
        }
        return level.separators.get(i);
    }

    /** If the last node is underfull, share the last two nodes' cells evenly. */
    private void balanceTail(Level level, boolean leaf) {
        int n = level.nodes.size();
        if (n < 2) {
            return;
        }
        List<byte[]> last = level.nodes.get(n - 1);
        if (bytes(last) >= minUsed) {
            return;
        }
        List<byte[]> prev = level.nodes.get(n - 2);
        List<byte[]> all = new ArrayList<>(prev);
        if (!leaf) {
            // pull the separator of the last node down between the two
            all.add(NodePage.innerCell(level.separators.get(n - 1), level.leftmost.get(n - 1)));
        }
        all.addAll(last);
        int half = bytes(all) / 2;
        int acc = 0;
        int m = 0;
        int limit = leaf ? all.size() - 1 : all.size() - 2;
        while (m < limit && acc + all.get(m).length + NodePage.SLOT_SIZE <= half) {
            acc += all.get(m).length + NodePage.SLOT_SIZE;
            m++;
        }
        m = Math.max(1, m);
        prev.clear();
        prev.addAll(all.subList(0, m));
        last.clear();
        if (leaf) {
            last.addAll(all.subList(m, all.size()));
        } else {
            level.leftmost.set(n - 1, NodePage.innerCellChild(all.get(m)));
            level.separators.set(n - 1, NodePage.cellKey(all.get(m), false));
            last.addAll(all.subList(m + 1, all.size()));
        }
    }

    private static int bytes(List<byte[]> cells) {
        int total = 0;
        for (byte[] c : cells) {
            total += c.length + NodePage.SLOT_SIZE;
        }
        return total;
    }
}
