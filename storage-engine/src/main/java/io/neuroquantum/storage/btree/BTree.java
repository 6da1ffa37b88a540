package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.TreeCursor;
import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.MiniTransaction;
import io.neuroquantum.storage.buffer.OptimisticGuard;
import io.neuroquantum.storage.buffer.PageGuard;
import io.neuroquantum.storage.buffer.ReadGuard;
import io.neuroquantum.storage.buffer.RedoLog;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.page.PageLayout;
import io.neuroquantum.storage.page.PageType;
import io.neuroquantum.storage.page.StorageException;
import io.neuroquantum.storage.space.PageAllocator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A B+ tree of byte-string keys and values in the buffer pool's pages (layout in
 * {@link NodePage}, {@link TreeMeta}, {@link OverflowChain}).
 *
 * <h2>Latching (latch crabbing)</h2>
 * <ul>
 *   <li>Readers descend with shared latches, hand over hand: root, …, leaf; a child is
 *       latched before its parent is released. The root is found through a cached id that is
 *       checked again once the root is latched (see {@code rootPage}).</li>
 *   <li>Writers first try optimistically: shared latches down to the leaf's parent, then the
 *       leaf exclusively. If the change fits in the leaf without a split and without
 *       underflow, that is all. Otherwise they restart pessimistically: exclusive latches
 *       from the meta page down, releasing every ancestor as soon as a node is <em>safe</em>
 *       (it can take a maximum-size cell without splitting and lose one without underflow),
 *       so only the part of the path that may change stays latched.</li>
 *   <li>Siblings are latched left before right and only while their parent is held
 *       exclusively; to balance a node with its left sibling, the node's latch is released and
 *       taken again after the sibling's (safe: with the parent held exclusively, no writer can
 *       reach either node, and readers do not change them). Cursors move only rightwards along
 *       leaf links, hand over hand, and go backwards by descending again from the root.</li>
 *   <li>Page allocation latches the file header last of all (see {@link PageAllocator}).</li>
 * </ul>
 * Every thread therefore acquires latches in one global order — down the tree, and left to
 * right within a level — and a cycle of waits, hence a deadlock, cannot form.
 *
 * <h2>Sizes</h2>
 * A cell is at most a quarter of a node's space, so every node holds at least four cells
 * and any split or merge fits. Values that would make a leaf cell larger go to an overflow
 * chain; keys are limited to {@link #maxKeyLength()} bytes (995 with 4 KiB pages).
 * A non-root node is rebalanced when its used space falls below a quarter of the page:
 * merged with a sibling if both fit in one page, otherwise redistributed with it.
 */
public final class BTree implements KvTree {

    private final BufferPool pool;
    private final PageAllocator allocator;
    private final long metaPage;
    private final int capacity;
    private final int maxCell;
    private final int minUsed;
    private final int maxKey;

    /**
     * Copy of the meta page's root id, so that descents need not latch the meta page. It
     * changes only while both the meta page and the old root are latched exclusively; a
     * reader latches the root it read and then checks that it is still the root, retrying
     * otherwise (a root split or collapse happened in between).
     */
    private volatile long rootPage;

    /**
     * Where appends go: the rightmost leaf as last seen by a descent, so that ascending
     * inserts can latch it directly instead of descending (PostgreSQL's "fastpath" for the
     * rightmost leaf). A hint is trusted only after that leaf is latched exclusively and found
     * to be a non-empty leaf without a right link whose last key sorts below the new key: the
     * rightmost leaf covers every key above its lower fence, hence above its last key.
     *
     * <p>The page must also still belong to this tree. Pages of a tree are freed only by a
     * rebalance (merges, root collapse) or replaced by a bulk load; both bump
     * {@code freeEpoch} first, while the pages they may free are still latched. A hint carries
     * the epoch at which it was taken and is used only if it is unchanged once the leaf is
     * latched: a page freed (and perhaps reused by another tree) since then fails that check.
     */
    private volatile RightmostHint rightmost;
    private final AtomicLong freeEpoch = new AtomicLong();

    private record RightmostHint(long pageId, long epoch) {
    }

    private BTree(BufferPool pool, PageAllocator allocator, long metaPage) {
        this.pool = pool;
        this.allocator = allocator;
        this.metaPage = metaPage;
        this.capacity = NodePage.capacity(pool.pageSize());
        this.maxCell = capacity / 4 - NodePage.SLOT_SIZE;
        this.minUsed = capacity / 4;
        this.maxKey = maxCell - NodePage.LEAF_CELL_HEADER - 8;
        this.rootPage = readRootId(pool, metaPage);
    }

    private static long readRootId(BufferPool pool, long metaPage) {
        try (ReadGuard m = pool.read(metaPage)) {
            return TreeMeta.root(m);
        }
    }

    private BTree(BufferPool pool, PageAllocator allocator, long metaPage, long root) {
        this.pool = pool;
        this.allocator = allocator;
        this.metaPage = metaPage;
        this.capacity = NodePage.capacity(pool.pageSize());
        this.maxCell = capacity / 4 - NodePage.SLOT_SIZE;
        this.minUsed = capacity / 4;
        this.maxKey = maxCell - NodePage.LEAF_CELL_HEADER - 8;
        this.rootPage = root;
    }

    /** Changes the root: the caller holds the meta page and the old root exclusively. */
    void setRoot(WriteGuard meta, long root, int height) {
        TreeMeta.setRoot(meta, root, height);
        rootPage = root;
    }

    /** The current root, share-latched. */
    private ReadGuard readRoot() {
        for (;;) {
            long r = rootPage;
            ReadGuard g = pool.read(r);
            if (rootPage == r) {
                return g;
            }
            g.close();
        }
    }

    /** Creates an empty tree (a meta page and an empty root leaf). */
    public static BTree create(BufferPool pool, PageAllocator allocator) {
        return MiniTransaction.run(pool, RedoLog.SYSTEM, () -> {
            long m = allocator.allocate();
            long root = allocator.allocate();
            try (WriteGuard r = pool.create(root)) {
                NodePage.format(r, true, 0, 0);
            }
            try (WriteGuard g = pool.create(m)) {
                TreeMeta.format(g, root);
            }
            return new BTree(pool, allocator, m, root);
        });
    }

    /** Opens the tree anchored at {@code metaPage}. */
    public static BTree open(BufferPool pool, PageAllocator allocator, long metaPage) {
        try (ReadGuard m = pool.read(metaPage)) {
            if (m.getByte(PageLayout.TYPE_OFFSET) != PageType.TREE_META.code()) {
                throw new StorageException("page " + metaPage + " is not a tree meta page");
            }
        }
        return new BTree(pool, allocator, metaPage);
    }

    @Override
    public long id() {
        return metaPage;
    }

    public long metaPage() {
        return metaPage;
    }

    @Override
    public int maxKeyLength() {
        return maxKey;
    }

    int capacity() {
        return capacity;
    }

    int minUsed() {
        return minUsed;
    }

    BufferPool pool() {
        return pool;
    }

    private void checkKey(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (key.length > maxKey) {
            throw new IllegalArgumentException("key of " + key.length + " bytes exceeds the limit of " + maxKey
                    + " bytes for " + pool.pageSize() + "-byte pages");
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public byte[] get(byte[] key) {
        checkKey(key);
        for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            PageGuard leaf = descendOptimistic(key, true);
            if (leaf instanceof OptimisticGuard o) {
                byte[] value = readOptimistic(o, key);
                if (value != RETRY) {
                    return value;
                }
            } else if (leaf != null) {
                return getFrom((ReadGuard) leaf, key);
            }
        }
        return getFrom(descendFrom(readRoot(), key), key);
    }

    /** Sentinel of {@link #readOptimistic}: the read was not valid (or needs an overflow chain). */
    private static final byte[] RETRY = new byte[0];

    /** The value of {@code key} in a leaf read optimistically, null if absent, or {@link #RETRY}. */
    private byte[] readOptimistic(OptimisticGuard leaf, byte[] key) {
        try {
            if (NodePage.level(leaf) != 0) {
                return RETRY; // no longer the leaf it was (validation fails below, or already did)
            }
            int i = NodePage.search(leaf, key);
            byte[] value = null;
            if (i >= 0) {
                int cell = NodePage.cellOffset(leaf, i);
                int info = leaf.getInt(cell + 2);
                if (info < 0 || info > leaf.pageSize()) {
                    return RETRY; // an overflow chain is read under a latch (or the bytes are garbage)
                }
                value = leaf.bytes(cell + NodePage.LEAF_CELL_HEADER + NodePage.keyLength(leaf, cell), info);
            }
            return leaf.validate() ? value : RETRY;
        } catch (RuntimeException garbage) {
            if (leaf.validate()) {
                throw garbage;
            }
            return RETRY;
        }
    }

    private byte[] getFrom(ReadGuard leaf, byte[] key) {
        try {
            int i = NodePage.search(leaf, key);
            return i < 0 ? null : value(leaf, i);
        } finally {
            leaf.close();
        }
    }

    /** A key and its value. */
    public record Entry(byte[] key, byte[] value) {
    }

    /** The value of a key (null if absent) and the smallest key above it (null if none). */
    public record Probe(byte[] value, byte[] successor) {
    }

    /**
     * One descent for what a transactional write needs: the current value of {@code key}
     * and the key after it (moving right along the leaves, hand over hand, if the leaf ends).
     */
    public Probe probe(byte[] key) {
        checkKey(key);
        ReadGuard leaf = descendRead(key);
        try {
            int i = NodePage.search(leaf, key);
            byte[] value = i >= 0 ? value(leaf, i) : null;
            int next = i >= 0 ? i + 1 : -(i + 1);
            for (;;) {
                if (next < NodePage.count(leaf)) {
                    return new Probe(value, NodePage.key(leaf, next));
                }
                long link = NodePage.link(leaf);
                if (link == 0) {
                    return new Probe(value, null);
                }
                ReadGuard right = pool.read(link);
                leaf.close();
                leaf = right;
                next = 0;
            }
        } finally {
            leaf.close();
        }
    }

    /** The smallest key above {@code key}, or null if there is none. */
    public byte[] successor(byte[] key) {
        return probe(key).successor();
    }

    /** The first entry at or above ({@code inclusive}) or above {@code key} (null: from the start); null if none. */
    public Entry ceiling(byte[] key, boolean inclusive) {
        ReadGuard leaf = key == null ? leftmostLeaf() : descendRead(key);
        try {
            int i = 0;
            if (key != null) {
                int s = NodePage.search(leaf, key);
                i = s >= 0 ? (inclusive ? s : s + 1) : -(s + 1);
            }
            for (;;) {
                if (i < NodePage.count(leaf)) {
                    return new Entry(NodePage.key(leaf, i), value(leaf, i));
                }
                long link = NodePage.link(leaf);
                if (link == 0) {
                    return null;
                }
                ReadGuard right = pool.read(link);
                leaf.close();
                leaf = right;
                i = 0;
            }
        } finally {
            leaf.close();
        }
    }

    /** The last entry at or below ({@code inclusive}) or below {@code key} (null: from the end); null if none. */
    public Entry floor(byte[] key, boolean inclusive) {
        Positioned p = descendBefore(key, inclusive);
        if (p == null) {
            return null;
        }
        try {
            return new Entry(NodePage.key(p.leaf(), p.index()), value(p.leaf(), p.index()));
        } finally {
            p.leaf().close();
        }
    }

    /** How often a descent retries optimistically before it latches every level. */
    private static final int OPTIMISTIC_ATTEMPTS = 3;

    /** The leaf that covers {@code key}, share-latched. */
    ReadGuard descendRead(byte[] key) {
        for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            PageGuard leaf = descendOptimistic(key, false);
            if (leaf != null) {
                return (ReadGuard) leaf;
            }
        }
        return descendFrom(readRoot(), key);
    }

    /**
     * Optimistic lock coupling: inner nodes are read without pin or latch, each validated
     * only after the child's version was taken (so a split of the child, which changes the
     * parent, or of the parent is always noticed). The leaf is pinned and share-latched (a
     * {@link ReadGuard}), and the parent validated once more after that; or, if
     * {@code optimisticLeaf} and it is resident, returned as an {@link OptimisticGuard} that
     * the caller validates after reading. A node that is not resident or is being changed is
     * latched normally and the descent goes on hand over hand from there. Returns null when a
     * validation failed (the caller retries).
     */
    private PageGuard descendOptimistic(byte[] key, boolean optimisticLeaf) {
        long id = rootPage;
        OptimisticGuard node = pool.tryOptimistic(id);
        if (node == null || rootPage != id) {
            return null;
        }
        for (;;) {
            int level;
            long child;
            try {
                level = NodePage.level(node);
                if (level == 0) { // the root is a leaf
                    if (optimisticLeaf) {
                        return node;
                    }
                    return node.validate() ? descendFrom(readRoot(), key) : null;
                }
                child = NodePage.child(node, NodePage.childIndex(node, key));
            } catch (RuntimeException garbage) {
                if (node.validate()) {
                    throw garbage;
                }
                return null;
            }
            if (level > 1 || optimisticLeaf) {
                OptimisticGuard next = pool.tryOptimistic(child);
                if (!node.validate()) {
                    return null;
                }
                if (next != null) {
                    if (level == 1) {
                        return next;
                    }
                    node = next;
                    continue;
                }
            } else if (!node.validate()) {
                return null;
            }
            ReadGuard latched = pool.read(child); // a valid id: the parent was validated after reading it
            if (!node.validate()) {
                latched.close();
                return null;
            }
            return level == 1 ? latched : descendFrom(latched, key);
        }
    }

    /** From a share-latched node down to the leaf for {@code key}, hand over hand. */
    private ReadGuard descendFrom(ReadGuard node, byte[] key) {
        while (!NodePage.isLeaf(node)) {
            ReadGuard parent = node;
            try {
                node = pool.read(NodePage.child(parent, NodePage.childIndex(parent, key)));
            } finally {
                parent.close();
            }
        }
        return node;
    }

    /** The leftmost leaf, share-latched. */
    ReadGuard leftmostLeaf() {
        return descendRead(new byte[0]);
    }

    /**
     * The leaf holding the largest key below {@code bound} (or at most {@code bound} when
     * inclusive; the rightmost leaf when bound is null), share-latched, with the index of
     * that key; null when no such key exists. Without left links, a leaf whose keys all lie
     * at or above the bound sends the search again, bounded by the leaf's lower fence (the
     * separator that led to it), which strictly decreases.
     */
    Positioned descendBefore(byte[] bound, boolean inclusive) {
        for (;;) {
            byte[] fence = null;
            ReadGuard node = readRoot();
            while (!NodePage.isLeaf(node)) {
                int ci;
                if (bound == null) {
                    ci = NodePage.count(node) - 1;
                } else {
                    int s = NodePage.search(node, bound);
                    ci = s >= 0 ? (inclusive ? s : s - 1) : -(s + 1) - 1;
                }
                if (ci >= 0) {
                    fence = NodePage.key(node, ci);
                }
                ReadGuard parent = node;
                try {
                    node = pool.read(NodePage.child(parent, ci));
                } finally {
                    parent.close();
                }
            }
            int index;
            if (bound == null) {
                index = NodePage.count(node) - 1;
            } else {
                int s = NodePage.search(node, bound);
                index = s >= 0 ? (inclusive ? s : s - 1) : -(s + 1) - 1;
            }
            if (index >= 0) {
                return new Positioned(node, index);
            }
            node.close();
            if (fence == null) {
                return null;
            }
            bound = fence;
            inclusive = false;
        }
    }

    /** A share-latched leaf and a position in it. */
    record Positioned(ReadGuard leaf, int index) {
    }

    byte[] value(PageGuard leaf, int index) {
        int cell = NodePage.cellOffset(leaf, index);
        int keyLen = NodePage.keyLength(leaf, cell);
        int info = leaf.getInt(cell + 2);
        int at = cell + NodePage.LEAF_CELL_HEADER + keyLen;
        if (info >= 0) {
            return leaf.bytes(at, info);
        }
        return OverflowChain.read(pool, leaf.getLong(at), info & 0x7fffffff);
    }

    // ------------------------------------------------------------------ writes

    /**
     * One change to one key, with the value already laid out as a leaf cell. A value too
     * large for the cell goes to an overflow chain, written by {@link #materialize} only once
     * the leaf is latched and the cell will really be stored (the chain's page allocations
     * latch the file header, which comes after every tree latch).
     */
    private record Change(Kind kind, byte[] key, byte[] cell, byte[] overflowValue, Admission admission) {
        Change(Kind kind, byte[] key, byte[] cell, byte[] overflowValue) {
            this(kind, key, cell, overflowValue, null);
        }
    }

    /**
     * Decides, with the leaf latched exclusively and the key known to be absent, whether an
     * insert may go ahead (a transaction takes its locks here, without waiting).
     */
    public interface Admission {
        /**
         * @param successor the next key in the tree, or null if there is none
         * @return whether to insert
         */
        boolean admit(byte[] successor);
    }

    /** What {@link #insertIfAdmitted} did. */
    public enum Admitted { INSERTED, EXISTS, NOT_DECIDED }

    /**
     * Inserts {@code key} in one descent if it is absent, fits its leaf without a split, its
     * successor is in the same leaf (or there is none), and {@code admission} agrees; returns
     * NOT_DECIDED (changing nothing) in every other case, EXISTS if the key is present.
     */
    public Admitted insertIfAdmitted(byte[] key, byte[] value, Admission admission) {
        Change plain = change(Kind.INSERT, key, value);
        Change c = new Change(Kind.INSERT, plain.key(), plain.cell(), plain.overflowValue(), admission);
        int[] result = new int[1];
        MiniTransaction.run(pool, RedoLog.SYSTEM, () -> {
            result[0] = tryAdmitted(c);
            return null;
        });
        return Admitted.values()[result[0]];
    }

    private int tryAdmitted(Change c) {
        WriteGuard tail = c.overflowValue == null ? latchForAppend(c.key, c.cell.length) : null;
        if (tail != null) { // an append: no successor anywhere in the tree
            try {
                if (!c.admission.admit(null)) {
                    return Admitted.NOT_DECIDED.ordinal();
                }
                NodePage.insertCell(tail, NodePage.count(tail), c.cell);
                return Admitted.INSERTED.ordinal();
            } finally {
                tail.close();
            }
        }
        WriteGuard leaf = latchLeaf(c.key, new boolean[1]);
        try {
            int i = NodePage.search(leaf, c.key);
            if (i >= 0) {
                return Admitted.EXISTS.ordinal();
            }
            int at = -(i + 1);
            byte[] successor;
            if (at < NodePage.count(leaf)) {
                successor = NodePage.key(leaf, at);
            } else if (NodePage.link(leaf) == 0) {
                successor = null;
            } else {
                return Admitted.NOT_DECIDED.ordinal(); // the successor is in the next leaf
            }
            if (c.overflowValue != null || !NodePage.fits(leaf, c.cell.length) || !c.admission.admit(successor)) {
                return Admitted.NOT_DECIDED.ordinal();
            }
            NodePage.insertCell(leaf, at, c.cell);
            return Admitted.INSERTED.ordinal();
        } finally {
            leaf.close();
        }
    }

    /** Writes the overflow chain of {@code c} (if any) and points its cell at it. */
    private void materialize(Change c) {
        if (c.overflowValue == null) {
            return;
        }
        long overflow = OverflowChain.write(pool, allocator, c.overflowValue);
        int at = NodePage.LEAF_CELL_HEADER + c.key.length;
        for (int i = 0; i < 8; i++) {
            c.cell[at + i] = (byte) (overflow >>> (8 * i));
        }
    }

    /** Frees an overflow chain when the mini-transaction commits (after every tree latch). */
    private void freeOverflowLater(long first) {
        if (first != 0) {
            MiniTransaction.defer(() -> OverflowChain.free(pool, allocator, first));
        }
    }

    private void freePageLater(long pageId) {
        MiniTransaction.defer(() -> allocator.free(pageId));
    }

    private enum Kind { PUT, INSERT, DELETE }

    private Change change(Kind kind, byte[] key, byte[] value) {
        checkKey(key);
        if (kind == Kind.DELETE) {
            return new Change(kind, key, null, null);
        }
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        int inlineSize = NodePage.LEAF_CELL_HEADER + key.length + value.length;
        boolean inline = inlineSize <= maxCell;
        byte[] cell = new byte[inline ? inlineSize : NodePage.LEAF_CELL_HEADER + key.length + 8];
        cell[0] = (byte) key.length;
        cell[1] = (byte) (key.length >>> 8);
        int info = inline ? value.length : (value.length | 0x80000000);
        for (int i = 0; i < 4; i++) {
            cell[2 + i] = (byte) (info >>> (8 * i));
        }
        System.arraycopy(key, 0, cell, NodePage.LEAF_CELL_HEADER, key.length);
        if (inline) {
            System.arraycopy(value, 0, cell, NodePage.LEAF_CELL_HEADER + key.length, value.length);
        }
        return new Change(kind, key, cell, inline ? null : value);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        apply(change(Kind.PUT, key, value));
    }

    @Override
    public boolean insert(byte[] key, byte[] value) {
        return apply(change(Kind.INSERT, key, value));
    }

    @Override
    public boolean delete(byte[] key) {
        return apply(change(Kind.DELETE, key, null));
    }

    /** Applies one change as one mini-transaction (or as part of the caller's). */
    private boolean apply(Change c) {
        return MiniTransaction.run(pool, RedoLog.SYSTEM, () -> {
            Outcome o = tryOptimistic(c);
            if (o == Outcome.RETRY_PESSIMISTIC) {
                o = pessimistic(c);
            }
            return o == Outcome.CHANGED;
        });
    }

    private enum Outcome { CHANGED, UNCHANGED, RETRY_PESSIMISTIC }

    /**
     * Descends with read latches (hand over hand) and latches the leaf for {@code key}
     * exclusively; {@code isRoot[0]} tells whether that leaf is the root.
     */
    private WriteGuard latchLeaf(byte[] key, boolean[] isRoot) {
        WriteGuard leaf = null;
        isRoot[0] = false;
        while (leaf == null) {
            ReadGuard node = readRoot();
            if (NodePage.isLeaf(node)) {
                long r = node.pageId();
                node.close();
                leaf = pool.write(r);
                if (rootPage != r || !NodePage.isLeaf(leaf)) {
                    leaf.close(); // the tree grew meanwhile
                    leaf = null;
                    continue;
                }
                isRoot[0] = true;
                break;
            }
            try {
                while (NodePage.level(node) > 1) {
                    ReadGuard parent = node;
                    try {
                        node = pool.read(NodePage.child(parent, NodePage.childIndex(parent, key)));
                    } finally {
                        parent.close();
                    }
                }
                leaf = pool.write(NodePage.child(node, NodePage.childIndex(node, key)));
            } finally {
                node.close();
            }
        }
        if (NodePage.link(leaf) == 0 && !isRoot[0]) {
            noteRightmost(leaf.pageId());
        }
        return leaf;
    }

    /** The page the rightmost-leaf hint names, or -1 (tests). */
    long appendHint() {
        RightmostHint h = rightmost;
        return h == null ? -1 : h.pageId;
    }

    /** Remembers {@code pageId}, latched by the caller, as the rightmost leaf. */
    private void noteRightmost(long pageId) {
        RightmostHint h = rightmost;
        long epoch = freeEpoch.get();
        if (h == null || h.pageId != pageId || h.epoch != epoch) {
            rightmost = new RightmostHint(pageId, epoch);
        }
    }

    /**
     * The rightmost leaf latched exclusively if {@code key} sorts after all its keys (an
     * append) and a cell of {@code cellSize} bytes fits; null otherwise (nothing held).
     */
    private WriteGuard latchForAppend(byte[] key, int cellSize) {
        RightmostHint h = rightmost;
        if (h == null || h.epoch != freeEpoch.get()) {
            return null;
        }
        WriteGuard leaf = pool.write(h.pageId);
        boolean ok = false;
        try {
            int n;
            ok = h.epoch == freeEpoch.get() // read after the latch: see the field's comment
                    && NodePage.isLeaf(leaf) && NodePage.link(leaf) == 0
                    && (n = NodePage.count(leaf)) > 0 && NodePage.compareKey(leaf, n - 1, key) < 0
                    && NodePage.fits(leaf, cellSize);
        } finally {
            if (!ok) {
                leaf.close();
            }
        }
        return ok ? leaf : null;
    }

    private Outcome tryOptimistic(Change c) {
        if (c.kind != Kind.DELETE) {
            WriteGuard tail = latchForAppend(c.key, c.cell.length);
            if (tail != null) {
                try {
                    materialize(c);
                    NodePage.insertCell(tail, NodePage.count(tail), c.cell);
                    return Outcome.CHANGED;
                } finally {
                    tail.close();
                }
            }
        }
        boolean[] isRoot = new boolean[1];
        WriteGuard leaf = latchLeaf(c.key, isRoot);
        boolean root = isRoot[0];
        long freedOverflow = 0;
        try {
            int i = NodePage.search(leaf, c.key);
            if (c.kind == Kind.DELETE || (c.kind == Kind.INSERT && i >= 0)) {
                if (i < 0 || c.kind == Kind.INSERT) {
                    return Outcome.UNCHANGED;
                }
                int size = NodePage.cellSize(leaf, NodePage.cellOffset(leaf, i));
                if (!root && NodePage.used(leaf) - size - NodePage.SLOT_SIZE < minUsed) {
                    return Outcome.RETRY_PESSIMISTIC;
                }
                freedOverflow = overflowOf(leaf, i);
                NodePage.removeCell(leaf, i);
                return Outcome.CHANGED;
            }
            if (i >= 0) { // replace
                int oldSize = NodePage.cellSize(leaf, NodePage.cellOffset(leaf, i));
                int usedAfter = NodePage.used(leaf) - oldSize + c.cell.length;
                boolean fits = NodePage.totalFree(leaf) + oldSize >= c.cell.length;
                if (!fits || (!root && usedAfter < minUsed)) {
                    return Outcome.RETRY_PESSIMISTIC;
                }
                freedOverflow = overflowOf(leaf, i);
                materialize(c);
                NodePage.replaceCell(leaf, i, c.cell);
                return Outcome.CHANGED;
            }
            if (!NodePage.fits(leaf, c.cell.length)) {
                return Outcome.RETRY_PESSIMISTIC;
            }
            materialize(c);
            NodePage.insertCell(leaf, -(i + 1), c.cell);
            return Outcome.CHANGED;
        } finally {
            leaf.close();
            freeOverflowLater(freedOverflow);
        }
    }

    private long overflowOf(PageGuard leaf, int index) {
        int cell = NodePage.cellOffset(leaf, index);
        int info = leaf.getInt(cell + 2);
        return info >= 0 ? 0 : leaf.getLong(cell + NodePage.LEAF_CELL_HEADER + NodePage.keyLength(leaf, cell));
    }

    /** A latched node on the pessimistic path, and which child of it the path continues into. */
    private static final class Held {
        WriteGuard guard;
        /** Siblings latched on the way down (DELETE and PUT only), for a rebalance of this node. */
        WriteGuard left;
        WriteGuard right;
        int childIndex;
        final boolean root;
        final boolean rightmost; // last node of its level: appends there split lopsided

        Held(WriteGuard guard, boolean root, boolean rightmost) {
            this.guard = guard;
            this.root = root;
            this.rightmost = rightmost;
        }
    }

    private Outcome pessimistic(Change c) {
        List<Held> path = new ArrayList<>();
        long freedOverflow = 0;
        try {
            WriteGuard meta = pool.write(metaPage);
            path.add(new Held(meta, false, true));
            WriteGuard node = pool.write(TreeMeta.root(meta));
            if (safe(node, true)) {
                release(path);
            }
            path.add(new Held(node, true, true));
            while (!NodePage.isLeaf(node)) {
                Held parent = path.getLast();
                int ci = NodePage.childIndex(node, c.key);
                int n = NodePage.count(node);
                parent.childIndex = ci;
                boolean rightmost = parent.rightmost && ci == n - 1;
                // A change that can shrink the node may rebalance it with a sibling: latch that
                // sibling now, in left-to-right order, before anything changes (changed pages stay
                // latched until the mini-transaction commits, so nothing may be latched later
                // against the order).
                boolean shrinks = c.kind != Kind.INSERT;
                WriteGuard left = shrinks && ci == n - 1 ? pool.write(NodePage.child(node, ci - 1)) : null;
                WriteGuard child = pool.write(NodePage.child(node, ci));
                WriteGuard right = shrinks && ci < n - 1 ? pool.write(NodePage.child(node, ci + 1)) : null;
                node = child;
                Held h = new Held(node, false, rightmost);
                h.left = left;
                h.right = right;
                if (safe(node, false)) {
                    release(path);
                    closeQuietly(h.left);
                    closeQuietly(h.right);
                    h.left = null;
                    h.right = null;
                }
                path.add(h);
            }
            int k = path.size() - 1;
            WriteGuard leaf = node;
            boolean root = isRoot(path, k);
            int i = NodePage.search(leaf, c.key);
            if (c.kind == Kind.DELETE) {
                if (i < 0) {
                    return Outcome.UNCHANGED;
                }
                freedOverflow = overflowOf(leaf, i);
                NodePage.removeCell(leaf, i);
                if (!root && NodePage.used(leaf) < minUsed) {
                    rebalance(path, k);
                }
                return Outcome.CHANGED;
            }
            if (c.kind == Kind.INSERT && i >= 0) {
                return Outcome.UNCHANGED;
            }
            int at = i >= 0 ? i : -(i + 1);
            materialize(c);
            if (i >= 0) {
                freedOverflow = overflowOf(leaf, i);
                NodePage.removeCell(leaf, i);
            }
            if (NodePage.fits(leaf, c.cell.length)) {
                NodePage.insertCell(leaf, at, c.cell);
                // Only a replacement by a smaller cell can shrink the leaf (and only then were its
                // siblings latched). A new key never does: a leaf may be under the minimum before,
                // e.g. the one-cell right leaf of an append split, and stays so until it fills.
                if (i >= 0 && !root && NodePage.used(leaf) < minUsed) {
                    rebalance(path, k);
                }
            } else if (path.get(k).rightmost && at == NodePage.count(leaf)) {
                appendSplit(path, k, c.cell);
            } else {
                List<byte[]> cells = NodePage.cells(leaf);
                cells.add(at, c.cell);
                split(path, k, cells, at);
            }
            return Outcome.CHANGED;
        } finally {
            release(path);
            freeOverflowLater(freedOverflow);
        }
    }

    private static void closeQuietly(WriteGuard g) {
        if (g != null) {
            g.close();
        }
    }

    private static boolean isRoot(List<Held> path, int k) {
        return path.get(k).root;
    }

    /** Safe: a maximum-size insert cannot split it and a maximum-size removal cannot underflow it. */
    private boolean safe(PageGuard node, boolean root) {
        if (!NodePage.fits(node, maxCell)) {
            return false;
        }
        if (root) {
            return NodePage.isLeaf(node) || NodePage.count(node) >= 2;
        }
        return NodePage.used(node) - maxCell - NodePage.SLOT_SIZE >= minUsed;
    }

    private static void release(List<Held> path) {
        for (Held h : path) {
            closeQuietly(h.left);
            closeQuietly(h.guard);
            closeQuietly(h.right);
        }
        path.clear();
    }

    /**
     * Node {@code path[k]} must hold {@code cells} (its own plus one new, in order), which
     * do not fit: split it in two and insert the separator into its parent, recursively.
     */
    private void split(List<Held> path, int k, List<byte[]> cells, int insertedAt) {
        WriteGuard left = path.get(k).guard;
        boolean leaf = NodePage.isLeaf(left);
        boolean append = path.get(k).rightmost && insertedAt == cells.size() - 1;
        // Ascending inserts: keep the left node full and start the right one with the new
        // cell (as SQLite's "quick balance"), instead of leaving a trail of half-full nodes.
        int m = append ? (leaf ? cells.size() - 1 : cells.size() - 2) : splitPoint(cells, leaf);
        long rightId = allocator.allocate();
        byte[] separator = NodePage.cellKey(cells.get(m), leaf);
        try (WriteGuard right = pool.create(rightId)) {
            if (leaf) {
                NodePage.format(right, true, 0, NodePage.link(left));
                NodePage.rebuild(right, cells, m, cells.size());
                left.putLong(NodePage.LINK, rightId);
            } else {
                NodePage.format(right, false, NodePage.level(left), NodePage.innerCellChild(cells.get(m)));
                NodePage.rebuild(right, cells, m + 1, cells.size());
            }
        }
        NodePage.rebuild(left, cells, 0, m);
        byte[] up = NodePage.innerCell(separator, rightId);
        Held parent = path.get(k - 1);
        if (parent.guard.pageId() == metaPage) {
            long newRoot = allocator.allocate();
            try (WriteGuard r = pool.create(newRoot)) {
                NodePage.format(r, false, NodePage.level(left) + 1, left.pageId());
                NodePage.append(r, up);
            }
            setRoot(parent.guard, newRoot, TreeMeta.height(parent.guard) + 1);
            return;
        }
        WriteGuard p = parent.guard;
        int at = parent.childIndex + 1;
        if (NodePage.fits(p, up.length)) {
            NodePage.insertCell(p, at, up);
        } else {
            List<byte[]> parentCells = NodePage.cells(p);
            parentCells.add(at, up);
            split(path, k - 1, parentCells, at);
        }
    }

    /**
     * The new cell sorts after everything in the rightmost leaf, which is full: start a new
     * rightmost leaf with just that cell and leave the full one as it is.
     */
    private void appendSplit(List<Held> path, int k, byte[] cell) {
        WriteGuard left = path.get(k).guard;
        long rightId = allocator.allocate();
        try (WriteGuard right = pool.create(rightId)) {
            NodePage.format(right, true, 0, 0);
            NodePage.append(right, cell);
        }
        left.putLong(NodePage.LINK, rightId);
        byte[] up = NodePage.innerCell(NodePage.cellKey(cell, true), rightId);
        Held parent = path.get(k - 1);
        if (parent.guard.pageId() == metaPage) {
            long newRoot = allocator.allocate();
            try (WriteGuard r = pool.create(newRoot)) {
                NodePage.format(r, false, 1, left.pageId());
                NodePage.append(r, up);
            }
            setRoot(parent.guard, newRoot, TreeMeta.height(parent.guard) + 1);
        } else if (NodePage.fits(parent.guard, up.length)) {
            NodePage.insertCell(parent.guard, parent.childIndex + 1, up);
        } else {
            List<byte[]> parentCells = NodePage.cells(parent.guard);
            parentCells.add(parent.childIndex + 1, up);
            split(path, k - 1, parentCells, parent.childIndex + 1);
        }
    }

    /**
     * Where to cut {@code cells} so both halves hold about the same bytes. Leaves: the right
     * half starts at the result. Inner nodes: the cell at the result moves up.
     */
    private static int splitPoint(List<byte[]> cells, boolean leaf) {
        int total = 0;
        for (byte[] cell : cells) {
            total += cell.length + NodePage.SLOT_SIZE;
        }
        int acc = 0;
        int m = 0;
        while (m < cells.size() && acc + cells.get(m).length + NodePage.SLOT_SIZE <= total / 2) {
            acc += cells.get(m).length + NodePage.SLOT_SIZE;
            m++;
        }
        int lo = 1;
        int hi = leaf ? cells.size() - 1 : cells.size() - 2;
        return Math.max(lo, Math.min(hi, m));
    }

    /**
     * Node {@code path[k]} (not the root) fell below the minimum fill: merge it with a sibling
     * if both fit in one page, otherwise redistribute with it; a merge may make the parent
     * underflow in turn, and an emptied root is replaced by its only child.
     */
    private void rebalance(List<Held> path, int k) {
        freeEpoch.incrementAndGet(); // may free pages, still latched here: invalidates the rightmost-leaf hint
        Held parentHeld = path.get(k - 1);
        WriteGuard parent = parentHeld.guard;
        int ci = parentHeld.childIndex;
        int n = NodePage.count(parent);
        Held node = path.get(k);
        WriteGuard left;
        WriteGuard right;
        int sepIndex;
        if (ci < n - 1) {
            left = node.guard;
            right = node.right;
            sepIndex = ci + 1;
        } else {
            left = node.left;
            right = node.guard;
            sepIndex = ci;
        }
        if (left == null || right == null) {
            throw new IllegalStateException("rebalance of page " + node.guard.pageId() + " without its sibling latched");
        }
        long rightId = right.pageId();
        boolean rightReleased = false;
        try {
            boolean leaf = NodePage.isLeaf(left);
            List<byte[]> seq = NodePage.cells(left);
            if (!leaf) {
                seq.add(NodePage.innerCell(NodePage.key(parent, sepIndex), NodePage.link(right)));
            }
            seq.addAll(NodePage.cells(right));
            int total = 0;
            for (byte[] cell : seq) {
                total += cell.length + NodePage.SLOT_SIZE;
            }
            if (total <= capacity) {
                NodePage.rebuild(left, seq, 0, seq.size());
                if (leaf) {
                    left.putLong(NodePage.LINK, NodePage.link(right));
                }
                NodePage.removeCell(parent, sepIndex);
                right.close();
                rightReleased = true;
                freePageLater(rightId);
                boolean parentIsRoot = isRoot(path, k - 1);
                if (parentIsRoot && NodePage.count(parent) == 0) {
                    WriteGuard meta = path.get(k - 2).guard;
                    setRoot(meta, left.pageId(), TreeMeta.height(meta) - 1);
                    long oldRoot = parent.pageId();
                    parent.close();
                    parentHeld.guard = null;
                    freePageLater(oldRoot);
                } else if (!parentIsRoot && NodePage.used(parent) < minUsed) {
                    left.close();
                    left = null;
                    rebalance(path, k - 1);
                }
                return;
            }
            int m = splitPoint(seq, leaf);
            byte[] separator = NodePage.cellKey(seq.get(m), leaf);
            NodePage.rebuild(left, seq, 0, m);
            if (leaf) {
                NodePage.rebuild(right, seq, m, seq.size());
            } else {
                right.putLong(NodePage.LINK, NodePage.innerCellChild(seq.get(m)));
                NodePage.rebuild(right, seq, m + 1, seq.size());
            }
            // Replace the separator. A longer one may not fit: then the parent splits (it was
            // not safe, so its own parent is latched; a safe parent always has room for it).
            // A shorter one may leave the parent underfull: then it is rebalanced in turn.
            byte[] sepCell = NodePage.innerCell(separator, rightId);
            NodePage.removeCell(parent, sepIndex);
            boolean parentIsRoot = isRoot(path, k - 1);
            if (NodePage.fits(parent, sepCell.length)) {
                NodePage.insertCell(parent, sepIndex, sepCell);
                if (!parentIsRoot && NodePage.used(parent) < minUsed) {
                    closeSiblings(path, k, left, right);
                    left = null;
                    rightReleased = true;
                    rebalance(path, k - 1);
                }
            } else {
                List<byte[]> parentCells = NodePage.cells(parent);
                parentCells.add(sepIndex, sepCell);
                split(path, k - 1, parentCells, sepIndex);
            }
        } finally {
            if (left != null && left != path.get(k).guard) {
                left.close();
            }
            if (!rightReleased && right != path.get(k).guard) {
                right.close();
            }
        }
    }

    /** Releases the two balanced siblings, except the one the path still owns. */
    private static void closeSiblings(List<Held> path, int k, WriteGuard left, WriteGuard right) {
        if (left != path.get(k).guard) {
            left.close();
        }
        if (right != path.get(k).guard) {
            right.close();
        }
    }

    // ------------------------------------------------------------------ scans

    @Override
    public TreeCursor scan(KeyRange range, boolean descending) {
        return descending ? new BackwardCursor(this, range) : new ForwardCursor(this, range);
    }

    // ------------------------------------------------------------------ bulk load

    @Override
    public void bulkLoad(Iterator<Map.Entry<byte[], byte[]>> sortedEntries) {
        freeEpoch.incrementAndGet();
        rightmost = null;
        new BulkLoader(this, pool, allocator, metaPage, capacity).load(sortedEntries);
    }

    /** Builds a leaf cell for the bulk loader (writes large values to overflow pages). */
    byte[] leafCell(byte[] key, byte[] value) {
        checkKey(key);
        Change c = change(Kind.PUT, key, value);
        materialize(c);
        return c.cell();
    }
}
