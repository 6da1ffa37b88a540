package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.TreeCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Descending cursor. Leaves link only rightwards, so each refill descends from the root to
 * the leaf holding the largest key below the last one returned (see
 * {@link BTree#descendBefore}) and takes that leaf's matching entries, last to first. No
 * latch is held between refills, and latches are only ever taken top-down.
 */
final class BackwardCursor implements TreeCursor {

    private final BTree tree;
    private final KeyRange range;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private int pos = -1;
    private byte[] resumeBefore;
    private boolean started;
    private boolean done;

    BackwardCursor(BTree tree, KeyRange range) {
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
        BTree.Positioned at = started
                ? tree.descendBefore(resumeBefore, false)
                : tree.descendBefore(range.upper(), range.upperInclusive());
        started = true;
        if (at == null) {
            done = true;
            return;
        }
        try (var leaf = at.leaf()) {
            for (int i = at.index(); i >= 0; i--) {
                byte[] key = NodePage.key(leaf, i);
                if (!range.aboveLower(key)) {
                    done = true;
                    break;
                }
                keys.add(key);
                values.add(tree.value(leaf, i));
            }
        }
        if (keys.isEmpty()) {
            done = true;
        } else {
            resumeBefore = keys.getLast();
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
