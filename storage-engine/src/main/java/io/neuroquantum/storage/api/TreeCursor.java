package io.neuroquantum.storage.api;

import java.lang.foreign.MemorySegment;

/**
 * Iterates entries of a range in key order (or reverse). Holds no latch between calls to
 * {@link #next()}: it reads a leaf's matching entries in one go and moves on by key, so a
 * slow consumer never blocks writers. Entries changed after the cursor read their leaf
 * may or may not be seen (no snapshot isolation at this level).
 */
public interface TreeCursor extends AutoCloseable {

    /** Advances to the next entry; false at the end of the range. */
    boolean next();

    byte[] key();

    byte[] value();

    /** Length of the current key in bytes. */
    int keyLength();

    /** Byte {@code index} of the current key, without copying or allocating. */
    byte keyByte(int index);

    /**
     * Eight bytes of the current key from {@code offset}, as a big-endian long, read in place
     * (how {@code keys.LongKey} stores a BIGINT after its tag; no copy, no allocation).
     */
    long keyLong(int offset);

    /** Length of the current value in bytes. */
    int valueLength();

    /** Eight bytes of the current value from {@code offset}, as a big-endian long, read in place. */
    long valueLong(int offset);

    /** The current key without copying: a read-only view valid until the next call to {@link #next()}. */
    MemorySegment keySegment();

    /** The current value without copying: a read-only view valid until the next call to {@link #next()}. */
    MemorySegment valueSegment();

    @Override
    void close();
}
