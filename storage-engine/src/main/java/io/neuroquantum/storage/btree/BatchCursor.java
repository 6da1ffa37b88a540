package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.TreeCursor;
import java.lang.foreign.MemorySegment;

/**
 * What both cursor directions share: rows come from a {@link LeafBatch} that a subclass
 * refills ({@link #fill()}) while latching leaves; between refills no latch is held.
 */
abstract sealed class BatchCursor implements TreeCursor permits ForwardCursor, BackwardCursor {

    final BTree tree;
    final KeyRange range;
    final LeafBatch batch;
    /** Set once the range is exhausted: no further refill. */
    boolean done;

    BatchCursor(BTree tree, KeyRange range) {
        this.tree = tree;
        this.range = range;
        this.batch = new LeafBatch(tree);
    }

    /** Clears the batch and loads the next rows of the range (possibly none, then sets {@link #done}). */
    abstract void fill();

    @Override
    public final boolean next() {
        if (batch.advance()) {
            return true;
        }
        if (done) {
            return false;
        }
        fill();
        return batch.advance();
    }

    @Override
    public final byte[] key() {
        return batch.key();
    }

    @Override
    public final byte[] value() {
        return batch.value();
    }

    @Override
    public final int keyLength() {
        return batch.keyLength();
    }

    @Override
    public final byte keyByte(int index) {
        return batch.keyByte(index);
    }

    @Override
    public final long keyLong(int offset) {
        return batch.keyLong(offset);
    }

    @Override
    public final int valueLength() {
        return batch.valueLength();
    }

    @Override
    public final long valueLong(int offset) {
        return batch.valueLong(offset);
    }

    @Override
    public final MemorySegment keySegment() {
        return batch.keySegment();
    }

    @Override
    public final MemorySegment valueSegment() {
        return batch.valueSegment();
    }

    @Override
    public final void close() {
        done = true;
        batch.clear();
    }
}
