package io.neuroquantum.bench.wal;

import java.nio.file.Path;

/**
 * One system under the {@code wal} suite: durable commits. A commit returns only once the
 * system promises the change survives a crash (of the process and of the machine).
 */
interface CommitTarget extends AutoCloseable {

    String name();

    /** What exactly runs (version, durability settings), for the log. */
    String describe();

    /** Opens (creating) the store in {@code dir}. */
    void open(Path dir) throws Exception;

    /** A writer for one thread (its own connection or session). */
    Writer writer() throws Exception;

    /** Number of rows in the store (to check that every acknowledged commit is there). */
    long count() throws Exception;

    @Override
    void close() throws Exception;

    /** Used by one thread at a time. */
    interface Writer extends AutoCloseable {

        /** Inserts or replaces one row in a transaction of its own and commits it durably. */
        void commitOne(long key, byte[] value) throws Exception;

        /** Inserts or replaces {@code keys.length} rows in one transaction and commits it durably. */
        void commitBatch(long[] keys, byte[][] values) throws Exception;

        @Override
        void close() throws Exception;
    }
}
