package io.neuroquantum.storage.api;

import java.util.Iterator;
import java.util.Map;

/**
 * An ordered map from byte-string keys to byte-string values, persistent in a page file.
 * Keys compare as unsigned byte strings; see {@code io.neuroquantum.storage.keys} for the
 * order-preserving encoding of typed values. Safe for concurrent use by many threads.
 */
public interface KvTree {

    /** The value of {@code key}, or null. */
    byte[] get(byte[] key);

    /** Inserts or replaces. */
    void put(byte[] key, byte[] value);

    /** Inserts if absent; returns false (and changes nothing) if the key exists. */
    boolean insert(byte[] key, byte[] value);

    /** Removes the key; returns whether it was there. */
    boolean delete(byte[] key);

    /** A cursor over the range, ascending or descending. */
    TreeCursor scan(KeyRange range, boolean descending);

    /**
     * Loads entries in strictly ascending key order into this tree, which must be empty:
     * leaves are filled left to right without splits.
     */
    void bulkLoad(Iterator<Map.Entry<byte[], byte[]>> sortedEntries);

    /** The tree's identity in the engine (its meta page; lock statistics are keyed by it). */
    long id();

    /** Largest key accepted, in bytes (depends on the page size). */
    int maxKeyLength();
}
