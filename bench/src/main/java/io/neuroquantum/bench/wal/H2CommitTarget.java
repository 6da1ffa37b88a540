package io.neuroquantum.bench.wal;

import java.nio.file.Path;
import org.h2.engine.Constants;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;

/**
 * Anchor: H2's MVStore with one {@code MVMap<Long, byte[]>}, made durable the way MVStore offers:
 * background auto-commit off, {@code put}, then {@code store.commit()} (writes a chunk in the
 * calling thread) and {@code store.sync()} (forces the file). H2's SQL layer at its defaults is not durable at commit
 * (it writes in the background every 500 ms and never forces at commit), so this is H2's durable
 * commit. Concurrent committers share chunks: a commit() finding another's chunk already written
 * has little to do, so several threads' changes go out in one chunk (H2's form of group commit).
 */
final class H2CommitTarget implements CommitTarget {

    private MVStore store;
    private MVMap<Long, byte[]> map;

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String describe() {
        return "H2 MVStore " + Constants.VERSION + ", MVMap<Long, byte[]>, auto-commit off, durable commit ="
                + " put + store.commit() + store.sync() (fsync)";
    }

    @Override
    public void open(Path dir) {
        // No background writer: it stores without waiting for the write, and a commit() that finds
        // the version already advanced by it would return before the data is written.
        store = new MVStore.Builder().fileName(dir.resolve("kv.mv.db").toString()).autoCommitDisabled().open();
        map = store.openMap("kv", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
    }

    @Override
    public Writer writer() {
        return new Writer() {
            @Override
            public void commitOne(long key, byte[] value) {
                map.put(key, value);
                store.commit();
                store.sync();
            }

            @Override
            public void commitBatch(long[] keys, byte[][] values) {
                for (int i = 0; i < keys.length; i++) {
                    map.put(keys[i], values[i]);
                }
                store.commit();
                store.sync();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long count() {
        return map.sizeAsLong();
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
            map = null;
        }
    }
}
