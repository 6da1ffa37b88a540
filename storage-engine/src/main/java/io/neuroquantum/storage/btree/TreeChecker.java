package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.ReadGuard;
import io.neuroquantum.storage.page.PageLayout;
import io.neuroquantum.storage.page.PageType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verifies a tree's structure; for tests and {@code StorageEngine.check()}, while no other
 * thread writes. Checks: node types and levels (all leaves at the same depth), keys
 * strictly ascending within a node and inside the bounds given by the parent's
 * separators, leaf links visiting exactly the leaves in key order, overflow chains of the
 * declared length, and fill: a non-root node below the minimum fill must not fit into one
 * page together with the sibling it is balanced with (the right one, or the left one for
 * a last child). The last node of each level is exempt: ascending inserts split lopsidedly
 * and grow it one cell at a time. Returns every page the tree uses, for page accounting.
 */
public final class TreeChecker {

    /** What a check found. */
    public record Report(int height, long leaves, long innerNodes, long entries, double averageLeafFill,
                         List<Long> pages) {
    }

    private final BTree tree;
    private final BufferPool pool;
    private final List<Long> pages = new ArrayList<>();
    private final List<Long> leavesInOrder = new ArrayList<>();
    private long inner;
    private long entries;
    private long leafBytes;

    private TreeChecker(BTree tree) {
        this.tree = tree;
        this.pool = tree.pool();
    }

    public static Report check(BTree tree) {
        return new TreeChecker(tree).run();
    }

    private Report run() {
        long root;
        int height;
        pages.add(tree.metaPage());
        try (ReadGuard meta = pool.read(tree.metaPage())) {
            root = TreeMeta.root(meta);
            height = TreeMeta.height(meta);
        }
        visit(root, height - 1, null, null, true, true);
        // leaf chain
        long id = leavesInOrder.getFirst();
        for (int i = 0; i < leavesInOrder.size(); i++) {
            if (id != leavesInOrder.get(i)) {
                fail("leaf link " + i + " leads to page " + id + ", expected " + leavesInOrder.get(i));
            }
            try (ReadGuard g = pool.read(id)) {
                id = NodePage.link(g);
            }
        }
        if (id != 0) {
            fail("the last leaf links to page " + id + " instead of 0");
        }
        double fill = leavesInOrder.isEmpty() ? 0 : (double) leafBytes / (leavesInOrder.size() * (long) tree.capacity());
        return new Report(height, leavesInOrder.size(), inner, entries, fill, List.copyOf(pages));
    }

    private void visit(long pageId, int level, byte[] low, byte[] high, boolean root, boolean rightmost) {
        pages.add(pageId);
        List<Long> children = new ArrayList<>();
        List<byte[]> bounds = new ArrayList<>();
        try (ReadGuard g = pool.read(pageId)) {
            byte type = g.getByte(PageLayout.TYPE_OFFSET);
            boolean leaf = type == PageType.BTREE_LEAF.code();
            if (!leaf && type != PageType.BTREE_INNER.code()) {
                fail("page " + pageId + " has type " + type + ", not a tree node");
            }
            if (NodePage.level(g) != level || leaf != (level == 0)) {
                fail("page " + pageId + " is at level " + NodePage.level(g) + " but reached at level " + level
                        + " (leaves must all be at the same depth)");
            }
            int n = NodePage.count(g);
            if (NodePage.used(g) > tree.capacity() || NodePage.totalFree(g) < 0) {
                fail("page " + pageId + " overflows");
            }
            if (!root && n == 0) {
                fail("non-root page " + pageId + " is empty");
            }
            byte[] prev = null;
            int p = NodePage.prefixLength(g);
            byte[] prefix = n == 0 ? null : Arrays.copyOf(NodePage.key(g, 0), Math.min(p, NodePage.key(g, 0).length));
            for (int i = 0; i < n; i++) {
                byte[] key = NodePage.key(g, i);
                if (key.length < p || !Arrays.equals(key, 0, p, prefix, 0, p)) {
                    fail("key at slot " + i + " of page " + pageId + " does not share the node's " + p + "-byte prefix");
                }
                if (NodePage.head(g, i) != NodePage.headOf(key, p)) {
                    fail("head of slot " + i + " of page " + pageId + " does not match its key");
                }
                if (prev != null && Arrays.compareUnsigned(prev, key) >= 0) {
                    fail("keys out of order in page " + pageId + " at slot " + i);
                }
                if (low != null && Arrays.compareUnsigned(key, low) < 0) {
                    fail("key in page " + pageId + " lies below its parent's separator");
                }
                if (high != null && Arrays.compareUnsigned(key, high) >= 0) {
                    fail("key in page " + pageId + " lies at or above the next separator");
                }
                prev = key;
            }
            if (leaf) {
                leavesInOrder.add(pageId);
                entries += n;
                leafBytes += NodePage.used(g);
                for (int i = 0; i < n; i++) {
                    int info = NodePage.valueInfo(g, i);
                    if (info < 0) {
                        int cell = NodePage.cellOffset(g, i);
                        long first = g.getLong(cell + NodePage.LEAF_CELL_HEADER + NodePage.keyLength(g, cell));
                        List<Long> chain = OverflowChain.pages(pool, first);
                        int perPage = pool.pageSize() - OverflowChain.DATA;
                        int expected = ((info & 0x7fffffff) + perPage - 1) / perPage;
                        if (chain.size() != expected) {
                            fail("overflow chain at page " + first + " has " + chain.size() + " pages, expected " + expected);
                        }
                        pages.addAll(chain);
                    }
                }
                return;
            }
            inner++;
            children.add(NodePage.child(g, -1));
            bounds.add(low);
            for (int i = 0; i < n; i++) {
                children.add(NodePage.child(g, i));
                bounds.add(NodePage.key(g, i));
            }
            bounds.add(high);
            checkFill(g, children, rightmost);
        }
        for (int i = 0; i < children.size(); i++) {
            visit(children.get(i), level - 1, bounds.get(i), bounds.get(i + 1), false,
                    rightmost && i == children.size() - 1);
        }
    }

    /** Underfull children must not be mergeable with the sibling the rebalancer picks. */
    private void checkFill(ReadGuard parent, List<Long> children, boolean parentRightmost) {
        for (int i = 0; i < children.size(); i++) {
            int used = usedOf(children.get(i));
            if (used >= tree.minUsed() || (parentRightmost && i == children.size() - 1)) {
                continue;
            }
            int sibling = i + 1 < children.size() ? i + 1 : i - 1;
            int combined = used + usedOf(children.get(sibling));
            int sepIndex = Math.max(i, sibling) - 1;
            boolean leafChildren = NodePage.level(parent) == 1;
            if (!leafChildren) {
                combined += NodePage.INNER_CELL_HEADER + NodePage.key(parent, sepIndex).length + NodePage.SLOT_SIZE;
            }
            if (combined <= tree.capacity()) {
                fail("page " + children.get(i) + " is underfull (" + used + " bytes) but fits together with its "
                        + "sibling " + children.get(sibling));
            }
        }
    }

    private int usedOf(long pageId) {
        try (ReadGuard g = pool.read(pageId)) {
            return NodePage.used(g);
        }
    }

    private static void fail(String message) {
        throw new IllegalStateException("B+ tree check failed: " + message);
    }
}
