package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.api.KeyRange;

/**
 * Descending cursor. Leaves link only rightwards, so each refill descends from the root to
 * the leaf holding the largest key below the last one returned (see
 * {@link BTree#descendBefore}) and takes that leaf's matching entries, last to first. No
 * latch is held between refills, and latches are only ever taken top-down.
 */
final class BackwardCursor extends BatchCursor {

    private byte[] resumeBefore;
    private boolean started;

    BackwardCursor(BTree tree, KeyRange range) {
        super(tree, range);
    }

    @Override
    void fill() {
        batch.clear();
        BTree.Positioned at = started
                ? tree.descendBefore(resumeBefore, false)
                : tree.descendBefore(range.upper(), range.upperInclusive());
        started = true;
        if (at == null) {
            done = true;
            return;
        }
        try (var leaf = at.leaf()) {
            int last = 0;
            if (range.lower() != null) {
                // rows at or after `last` are above the lower bound
                last = at.index() + 1;
                while (last > 0 && aboveLower(leaf, last - 1)) {
                    last--;
                }
                if (last > 0) {
                    done = true;
                }
            }
            if (last <= at.index()) {
                batch.addLeaf(leaf, at.index(), last);
            }
        }
        if (batch.size() == 0) {
            done = true;
        } else {
            resumeBefore = batch.lastKey();
        }
    }

    private boolean aboveLower(io.neuroquantum.storage.buffer.ReadGuard leaf, int index) {
        int c = NodePage.compareKey(leaf, index, range.lower());
        return c > 0 || (c == 0 && range.lowerInclusive());
    }
}
