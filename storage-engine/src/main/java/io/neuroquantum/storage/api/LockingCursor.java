package io.neuroquantum.storage.api;

import io.neuroquantum.storage.btree.BTree;
import io.neuroquantum.storage.txn.LockResource;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A transaction's scan with key-range locking. Each step finds the next key, locks the
 * gap before it and the row (S), then looks again: if a different key is now next (an
 * insert or delete committed in between), it locks that one instead. Ascending, the step
 * that runs past the end of the range locks the gap before the first key beyond it (or
 * the end of the tree), so nothing can be inserted anywhere in the range. Descending, the
 * gap above the range is locked first, then each row and the gap below it.
 *
 * <p>Under READ COMMITTED every lock is released as soon as the step has read (so the scan
 * waits for uncommitted writers, including uncommitted deletes, but holds nothing);
 * under SERIALIZABLE they are kept until the transaction ends.
 */
final class LockingCursor implements TreeCursor {

    private final EngineTransaction txn;
    private final BTree tree;
    private final KeyRange range;
    private final boolean descending;
    private byte[] prev; // last key returned, null before the first
    private boolean started;
    private boolean done;
    private byte[] key;
    private byte[] value;

    LockingCursor(EngineTransaction txn, BTree tree, KeyRange range, boolean descending) {
        this.txn = txn;
        this.tree = tree;
        this.range = range;
        this.descending = descending;
    }

    private record Entry(byte[] key, byte[] value) {
    }

    /** The first entry after {@code prev} in scan direction, ignoring the far bound of the range. */
    private Entry following() {
        BTree.Entry e;
        if (!descending) {
            e = prev == null ? tree.ceiling(range.lower(), range.lowerInclusive()) : tree.ceiling(prev, false);
        } else {
            e = prev == null ? tree.floor(range.upper(), range.upperInclusive()) : tree.floor(prev, false);
        }
        return e == null ? null : new Entry(e.key(), e.value());
    }

    private boolean inRange(byte[] k) {
        return descending ? range.aboveLower(k) : range.belowUpper(k);
    }

    private LockResource gapBefore(byte[] k) {
        return LockResource.gapBefore(tree.metaPage(), k);
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        if (descending && !started) {
            // the gap above the range: before the first key beyond the upper bound
            byte[] above = range.upper() == null ? null
                    : firstKey(new KeyRange(range.upper(), !range.upperInclusive(), null, true));
            LockResource g = gapBefore(above);
            txn.readDone(g, txn.readLock(g));
        }
        started = true;
        for (;;) {
            Entry e = following();
            if (e == null || !inRange(e.key)) {
                if (!descending) {
                    LockResource g = gapBefore(e == null ? null : e.key);
                    boolean release = txn.readLock(g);
                    Entry again = following();
                    txn.readDone(g, release);
                    if (!sameKey(e, again)) {
                        continue; // a key appeared or vanished before the lock: look again
                    }
                }
                done = true;
                key = null;
                value = null;
                return false;
            }
            LockResource g = gapBefore(e.key);
            LockResource row = LockResource.row(tree.metaPage(), e.key);
            boolean releaseGap = txn.readLock(g);
            boolean releaseRow = txn.readLock(row);
            Entry again = following();
            txn.readDone(row, releaseRow);
            txn.readDone(g, releaseGap);
            if (!sameKey(e, again)) {
                continue;
            }
            key = again.key;
            value = again.value;
            prev = key;
            return true;
        }
    }

    private byte[] firstKey(KeyRange r) {
        BTree.Entry e = tree.ceiling(r.lower(), r.lowerInclusive());
        return e == null ? null : e.key();
    }

    private static boolean sameKey(Entry a, Entry b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Arrays.equals(a.key, b.key);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public int keyLength() {
        return key.length;
    }

    @Override
    public byte keyByte(int index) {
        return key[index];
    }

    @Override
    public long keyLong(int offset) {
        return java.nio.ByteBuffer.wrap(key, offset, 8).getLong();
    }

    @Override
    public int valueLength() {
        return value.length;
    }

    @Override
    public long valueLong(int offset) {
        return java.nio.ByteBuffer.wrap(value, offset, 8).getLong();
    }

    @Override
    public MemorySegment keySegment() {
        return MemorySegment.ofArray(key).asReadOnly();
    }

    @Override
    public MemorySegment valueSegment() {
        return MemorySegment.ofArray(value).asReadOnly();
    }

    @Override
    public void close() {
        done = true;
    }
}
