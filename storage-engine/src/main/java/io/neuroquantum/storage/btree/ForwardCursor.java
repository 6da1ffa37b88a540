package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.TreeCursor;
import io.neuroquantum.storage.buffer.ReadGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * Ascending cursor. Each refill descends to the leaf after the last key returned, then
 * walks right along leaf links hand over hand (next leaf latched before the current one is
 * released) until it has a batch; no latch is held between refills.
 */
final class ForwardCursor implements TreeCursor {

    private static final int BATCH = 256;

    private final BTree tree;
    private final KeyRange range;
    private final List<byte[]> keys = new ArrayList<>(BATCH + 64);
    private final List<byte[]> values = new ArrayList<>(BATCH + 64);
    private int pos = -1;
    private byte[] resumeAfter;
    private boolean done;

    ForwardCursor(BTree tree, KeyRange range) {
        this.tree = tree;
        this.range = range;
    }

    @Override
    public boolean next() {
        if (++pos < keys.size()) {
            return true;
        }
        if (done) {
            return false;
        }
        fill();
        pos = 0;
        return !keys.isEmpty();
    }

    private void fill() {
        keys.clear();
        values.clear();
        ReadGuard leaf;
        int i;
        if (resumeAfter != null) {
            leaf = tree.descendRead(resumeAfter);
            int s = NodePage.search(leaf, resumeAfter);
            i = s >= 0 ? s + 1 : -(s + 1);
        } else if (range.lower() == null) {
            leaf = tree.leftmostLeaf();
            i = 0;
        } else {
            leaf = tree.descendRead(range.lower());
            int s = NodePage.search(leaf, range.lower());
            i = s >= 0 ? (range.lowerInclusive() ? s : s + 1) : -(s + 1);
        }
        try {
            for (;;) {
                int n = NodePage.count(leaf);
                for (; i < n; i++) {
                    byte[] key = NodePage.key(leaf, i);
                    if (!range.belowUpper(key)) {
                        done = true;
                        return;
                    }
                    keys.add(key);
                    values.add(tree.value(leaf, i));
                }
                long next = NodePage.link(leaf);
                if (next == 0) {
                    done = true;
                    return;
                }
                if (keys.size() >= BATCH) {
                    return;
                }
                ReadGuard nextLeaf = tree.pool().read(next);
                leaf.close();
                leaf = nextLeaf;
                i = 0;
            }
        } finally {
            leaf.close();
            if (!keys.isEmpty()) {
                resumeAfter = keys.getLast();
            }
        }
    }

    @Override
    public byte[] key() {
        return keys.get(pos);
    }

    @Override
    public byte[] value() {
        return values.get(pos);
    }

    @Override
    public void close() {
        done = true;
        keys.clear();
        values.clear();
    }
}
