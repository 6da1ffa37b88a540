package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.buffer.ReadGuard;

/**
 * Ascending cursor. Each refill descends to the leaf after the last key returned, then
 * walks right along leaf links hand over hand (next leaf latched before the current one is
 * released) until it has a batch; no latch is held between refills.
 */
final class ForwardCursor extends BatchCursor {

    private static final int BATCH = 1024;

    private byte[] resumeAfter;

    ForwardCursor(BTree tree, KeyRange range) {
        super(tree, range);
    }

    @Override
    void fill() {
        batch.clear();
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
                int end = n - 1;
                if (n > 0 && !belowUpper(leaf, n - 1)) {
                    // The range ends inside this leaf: find its last row and stop after it.
                    while (end >= i && !belowUpper(leaf, end)) {
                        end--;
                    }
                    done = true;
                }
                if (i <= end) {
                    batch.addLeaf(leaf, i, end);
                }
                long next = NodePage.link(leaf);
                if (done || next == 0) {
                    done = true;
                    return;
                }
                if (batch.size() >= BATCH) {
                    return;
                }
                ReadGuard nextLeaf = tree.pool().read(next);
                leaf.close();
                leaf = nextLeaf;
                i = 0;
            }
        } finally {
            leaf.close();
            if (batch.size() > 0) {
                resumeAfter = batch.lastKey();
            }
        }
    }

    private boolean belowUpper(ReadGuard leaf, int index) {
        if (range.upper() == null) {
            return true;
        }
        int c = NodePage.compareKey(leaf, index, range.upper());
        return c < 0 || (c == 0 && range.upperInclusive());
    }
}
