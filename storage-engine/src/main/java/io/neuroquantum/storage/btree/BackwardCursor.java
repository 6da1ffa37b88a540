package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.TreeCursor;
import java.lang.foreign.MemorySegment;

/**
 * Descending cursor. Leaves link only rightwards, so each refill descends from the root to
 * the leaf holding the largest key below the last one returned (see
 * {@link BTree#descendBefore}) and takes that leaf's matching entries, last to first. No
 * latch is held between refills, and latches are only ever taken top-down.
 */
final class BackwardCursor implements TreeCursor {

    private final BTree tree;
    private final KeyRange range;
    private final LeafBatch batch;
    private byte[] resumeBefore;
    private boolean started;
    private boolean done;

    BackwardCursor(BTree tree, KeyRange range) {
        this.tree = tree;
        this.range = range;
        this.batch = new LeafBatch(tree);
    }

    @Override
    public boolean next() {
        if (batch.advance()) {
            return true;
        }
        if (done) {
            return false;
        }
        fill();
        return batch.advance();
    }

    private void fill() {
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

    @Override
    public byte[] key() {
        return batch.key();
    }

    @Override
    public byte[] value() {
        return batch.value();
    }

    @Override
    public int keyLength() {
        return batch.keyLength();
    }

    @Override
    public byte keyByte(int index) {
        return batch.keyByte(index);
    }

    @Override
    public MemorySegment keySegment() {
        return batch.keySegment();
    }

    @Override
    public MemorySegment valueSegment() {
        return batch.valueSegment();
    }

    @Override
    public void close() {
        done = true;
        batch.clear();
    }
}
