package io.neuroquantum.storage.api;

/**
 * A unit of atomic, isolated and durable work on one engine's trees.
 *
 * <p>Every change is logged (redo and undo) before it is applied, and takes an exclusive
 * row lock held until the end of the transaction; reads lock according to the
 * {@linkplain IsolationLevel isolation level}. {@link #commit()} returns only once the
 * commit record is durable (unless the engine runs with asynchronous commit).
 * {@link #rollback()} undoes every change, writing compensation records, and
 * {@link #rollbackTo(Savepoint)} undoes the changes made after a savepoint.
 *
 * <p>A lock wait that would close a cycle, or that outlasts the engine's lock timeout,
 * fails with {@link io.neuroquantum.storage.txn.LockException} (reason DEADLOCK or
 * TIMEOUT); the transaction stays active and its earlier work intact, and the caller
 * normally rolls it back and retries. A transaction is used by one thread at a time.
 * Closing an active transaction rolls it back.
 */
public interface Transaction extends AutoCloseable {

    long id();

    IsolationLevel isolation();

    /** Whether the transaction can still do work (not committed, not rolled back). */
    boolean active();

    byte[] get(KvTree tree, byte[] key);

    /** Inserts or replaces. */
    void put(KvTree tree, byte[] key, byte[] value);

    /** Inserts if absent; returns false (and changes nothing) if the key exists. */
    boolean insert(KvTree tree, byte[] key, byte[] value);

    /** Removes the key; returns whether it was there. */
    boolean delete(KvTree tree, byte[] key);

    /**
     * The entries of a range in key order. Under SERIALIZABLE the rows returned and the
     * gaps between them (up to the end of the range) stay locked until the transaction ends.
     */
    TreeCursor scan(KvTree tree, KeyRange range, boolean descending);

    /**
     * Locks row {@code key} of {@code tree} (whether or not it exists) in shared or exclusive
     * mode until the transaction ends, at every isolation level (SELECT ... FOR SHARE / FOR
     * UPDATE; the table layer holds its catalog entries this way).
     */
    void lockRow(KvTree tree, byte[] key, boolean exclusive);

    Savepoint savepoint(String name);

    /** Undoes every change made after {@code savepoint}; the savepoint remains usable. */
    void rollbackTo(Savepoint savepoint);

    /** Makes every change durable and visible, and releases the locks. */
    void commit();

    /**
     * Like {@link #commit()}, with {@code annotation} appended to the payload of the COMMIT
     * record after the commit time (see {@code docs/formats/wal.md}); returns the COMMIT
     * record's LSN, or 0 if the transaction changed nothing (then no record is written).
     */
    long commit(byte[] annotation);

    /**
     * Appends a MESSAGE record carrying {@code payload} for this transaction, outside its
     * undo chain (recovery ignores it); returns its LSN. Readers of the log pair it with the
     * transaction's COMMIT, ABORT or END by transaction id.
     */
    long logMessage(byte[] payload);

    /** Undoes every change and releases the locks. */
    void rollback();

    /** Rolls back if still active. */
    @Override
    void close();
}
