package io.neuroquantum.bench;

import java.nio.file.Path;
import org.h2.engine.Constants;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;

/**
 * Anchor: H2's MVStore on one file with one {@code MVMap<Long, byte[]>} (typed key and value,
 * no SQL layer). Its normal mode: background auto-commit on, {@code commit()} at the end of a
 * write batch writes a chunk to the file without fsync. {@code cacheSize} is in MiB of H2's own
 * memory estimate of the cached pages.
 */
final class H2Target implements KvTarget {

    private Path dir;
    private MVStore store;
    private MVMap<Long, byte[]> map;
    private int cacheMb;
    private final Session session = new Session();

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String describe() {
        String used = store == null ? "" : " (in use: " + store.getFileStore().getCacheSizeUsed() + " MiB)";
        return "H2 MVStore " + Constants.VERSION + ", MVMap<Long, byte[]>, cacheSize " + cacheMb
                + " MiB" + used + ", auto-commit on, commit() without sync";
    }

    @Override
    public void open(Path dir, long cacheBytes) {
        this.dir = dir;
        this.cacheMb = (int) Math.max(1, Math.round(cacheBytes / (1024.0 * 1024.0)));
        store = new MVStore.Builder()
                .fileName(dir.resolve("kv.mv.db").toString())
                .cacheSize(cacheMb)
                .open();
        map = store.openMap("kv", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
    }

    @Override
    public KvSession primary() {
        return session;
    }

    @Override
    public KvSession openSession() {
        return session; // MVMap is safe for concurrent use; the session holds no state
    }

    @Override
    public void flush() {
        store.commit();
    }

    @Override
    public void reopen(long cacheBytes) {
        close();
        open(dir, cacheBytes);
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
            map = null;
        }
    }

    private final class Session implements KvSession {

        @Override
        public void put(long key, byte[] value) {
            map.put(key, value);
        }

        @Override
        public byte[] get(long key) {
            return map.get(key);
        }

        @Override
        public int scan(long fromKey, int limit, RowVisitor visitor) {
            Cursor<Long, byte[]> c = map.cursor(fromKey);
            int n = 0;
            while (n < limit && c.hasNext()) {
                long k = c.next();
                visitor.row(k, c.getValue());
                n++;
            }
            return n;
        }

        @Override
        public void begin() {
        }

        @Override
        public void commit() {
            store.commit();
        }

        @Override
        public void close() {
        }
    }
}
