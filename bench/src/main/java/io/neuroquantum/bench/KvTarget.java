package io.neuroquantum.bench;

import java.nio.file.Path;

/**
 * One embedded key/value store under test: 8-byte integer keys, byte-array values, upserts,
 * point reads and ordered scans. A target owns one store in one directory at a time.
 *
 * <p>Life cycle: {@link #open} (creates the store when the directory is empty), any number of
 * sessions, {@link #flush}, {@link #reopen} with another cache size, {@link #close}.
 */
public interface KvTarget extends AutoCloseable {

    /** The system name used in result rows: {@code neuroquantum}, {@code h2}, {@code sqlite}. */
    String name();

    /** One line describing the configuration under test (mode, cache, versions). */
    String describe();

    /** Opens (or creates) the store in {@code dir} with a page cache / buffer pool of about {@code cacheBytes}. */
    void open(Path dir, long cacheBytes) throws Exception;

    /** The session the single-threaded cases use; owned by the target (do not close it). */
    KvSession primary() throws Exception;

    /** A further session for another thread; the caller closes it. */
    KvSession openSession() throws Exception;

    /** Makes every write so far reach the file system (no fsync is asked for beyond the system's normal mode). */
    void flush() throws Exception;

    /** Closes the store and opens it again from its files with a new cache size: the data stays, the cache is cold. */
    void reopen(long cacheBytes) throws Exception;

    @Override
    void close() throws Exception;
}
