package io.neuroquantum.storage.buffer;

/**
 * The write-ahead-log rule, enforced at write-back: before a dirty page goes to disk, the
 * log must be durable up to the page's LSN. The buffer pool calls this with the page LSN
 * of every page it is about to write; the WAL blocks until that LSN is durable.
 */
@FunctionalInterface
public interface WriteAheadRule {

    /** No log: nothing to wait for (the engine without a WAL, and tests). */
    WriteAheadRule NONE = pageLsn -> { };

    void awaitDurable(long pageLsn);
}
