package io.neuroquantum.bench;

/**
 * Operations of one thread on a {@link KvTarget}. Not thread-safe: one session per thread.
 * Outside {@link #begin()}/{@link #commit()} every write stands alone (autocommit).
 */
public interface KvSession extends AutoCloseable {

    /** Inserts or replaces the value of {@code key}. */
    void put(long key, byte[] value) throws Exception;

    /** The value of {@code key}, or null when absent. */
    byte[] get(long key) throws Exception;

    /**
     * Visits up to {@code limit} rows in ascending key order, starting at the first key at or
     * after {@code fromKey}; returns how many rows it visited.
     */
    int scan(long fromKey, int limit, RowVisitor visitor) throws Exception;

    /** Starts a batch of writes (SQLite: a transaction; the others: nothing). */
    void begin() throws Exception;

    /** Ends a batch of writes (SQLite: COMMIT; H2: MVStore.commit(), no sync; ours: nothing yet). */
    void commit() throws Exception;

    @Override
    void close() throws Exception;

    /**
     * Receives the rows of a scan. Engines hand over a value the way their API gives it
     * without extra copies: H2 its stored {@code byte[]}, SQLite the {@code byte[]} JDBC
     * returns, ours a read-only view of the cursor's buffer (valid during the call).
     */
    @FunctionalInterface
    interface RowVisitor {
        void row(long key, byte[] value);

        default void row(long key, java.lang.foreign.MemorySegment value) {
            row(key, value.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }

        /**
         * A row from an engine that can read fields in place: the value's length and first
         * eight bytes (big-endian), and the whole value on demand.
         */
        default void row(long key, int valueLength, long valueHead, java.util.function.Supplier<byte[]> value) {
            row(key, value.get());
        }
    }
}
