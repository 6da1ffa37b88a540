package io.neuroquantum.bench.wal;


import io.neuroquantum.bench.Values;
import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.Transaction;
import io.neuroquantum.storage.api.TreeCursor;
import io.neuroquantum.storage.txn.LockException;
import java.nio.file.Path;

/**
 * Ours: the embedded engine with its write-ahead log, through the {@link Transaction} API
 * (SERIALIZABLE, the default of {@code begin()}), {@link EngineOptions#defaults()} (synchronous
 * commit: {@code commit()} returns once the commit record is durable; concurrent committers share
 * one fdatasync). Page file {@code kv.nqdb}, log in {@code kv.nqdb.wal}, one tree "kv", keys 8 bytes
 * big-endian with the sign bit flipped.
 */
final class NqCommitTarget implements CommitTarget {

    private static final int LOCK_RETRIES = 100;

    private StorageEngine engine;
    private KvTree tree;

    @Override
    public String name() {
        return "neuroquantum";
    }

    @Override
    public String describe() {
        return "NeuroQuantumDB engine, Transaction API (begin() = SERIALIZABLE, put, commit), WAL in <file>.wal,"
                + " EngineOptions.defaults() (synchronous group commit)";
    }

    @Override
    public void open(Path dir) {
        engine = StorageEngine.open(dir.resolve("kv.nqdb"), EngineOptions.defaults());
        tree = engine.findTree("kv").orElseGet(() -> engine.createTree("kv"));
    }

    @Override
    public Writer writer() {
        return new Writer() {
            @Override
            public void commitOne(long key, byte[] value) {
                byte[] k = encode(key);
                for (int attempt = 0; ; attempt++) {
                    try (Transaction tx = engine.begin()) {
                        tx.put(tree, k, value);
                        tx.commit();
                        return;
                    } catch (LockException e) {
                        if (attempt >= LOCK_RETRIES) {
                            throw e;
                        }
                    }
                }
            }

            @Override
            public void commitBatch(long[] keys, byte[][] values) {
                for (int attempt = 0; ; attempt++) {
                    try (Transaction tx = engine.begin()) {
                        for (int i = 0; i < keys.length; i++) {
                            tx.put(tree, encode(keys[i]), values[i]);
                        }
                        tx.commit();
                        return;
                    } catch (LockException e) {
                        if (attempt >= LOCK_RETRIES) {
                            throw e;
                        }
                    }
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long count() {
        long n = 0;
        try (TreeCursor c = tree.scan(KeyRange.all(), false)) {
            while (c.next()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
            tree = null;
        }
    }

    /** Keys as the engine suite stores them (order-preserving 8 bytes). */
    static byte[] encode(long key) {
        return Values.orderedKey(key);
    }
}
