package io.neuroquantum.bench;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import io.neuroquantum.storage.buffer.BufferPoolStats;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Ours: the embedded {@link StorageEngine} on one page file with one {@link KvTree} "kv"
 * (4 KiB pages, off-heap buffer pool of the requested size). Keys are the longs encoded as
 * 8 bytes big-endian with the sign bit flipped, so unsigned byte order is numeric order.
 * Every change is logged; {@link #flush()} is {@link StorageEngine#writeLog()}: the log written
 * to its files without fsync (pages follow through the flusher and checkpoints), like the
 * anchors' non-synchronous commits (H2 {@code commit()} writes a chunk without sync, SQLite
 * in WAL mode with synchronous=NORMAL writes its WAL without sync).
 */
final class NeuroQuantumTarget implements KvTarget {


    private Path dir;
    private long poolBytes;
    private StorageEngine engine;
    private KvTree tree;
    private final Session session = new Session();

    @Override
    public String name() {
        return "neuroquantum";
    }

    @Override
    public String describe() {
        String stats = "";
        if (engine != null) {
            BufferPoolStats s = engine.bufferPoolStats();
            stats = String.format(Locale.ROOT, " (hit rate %.3f, %d of %d frames in use)", s.hitRate(),
                    s.residentPages(), s.capacityPages());
        }
        return String.format(Locale.ROOT, "NeuroQuantumDB storage engine, KvTree, 4 KiB pages, buffer pool %.1f MiB%s,"
                + " every change logged, flush() writes the log without fsync", poolBytes / (1024.0 * 1024.0), stats);
    }

    @Override
    public void open(Path dir, long cacheBytes) {
        this.dir = dir;
        this.poolBytes = Math.max(cacheBytes, 16L * 4096);
        engine = StorageEngine.open(dir.resolve("kv.nqdb"), EngineOptions.defaults().withBufferPoolBytes(poolBytes));
        tree = engine.findTree("kv").orElseGet(() -> engine.createTree("kv"));
    }

    @Override
    public KvSession primary() {
        return session;
    }

    @Override
    public KvSession openSession() {
        return session; // KvTree is safe for concurrent use; the session holds no state
    }

    @Override
    public void flush() {
        engine.writeLog();
    }

    @Override
    public void reopen(long cacheBytes) {
        close();
        open(dir, cacheBytes);
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
            tree = null;
        }
    }

    /** 8 bytes big-endian with the sign bit flipped: unsigned byte order equals signed numeric order. */
    static byte[] encode(long key) {
        return Values.orderedKey(key);
    }

    static long decode(byte[] b) {
        if (b.length != 8) {
            throw new BenchFailure("neuroquantum: a key of " + b.length + " bytes, expected 8");
        }
        return Values.getLong(b, 0) ^ Long.MIN_VALUE;
    }

    private final class Session implements KvSession {

        @Override
        public void put(long key, byte[] value) {
            tree.put(encode(key), value);
        }

        @Override
        public byte[] get(long key) {
            return tree.get(encode(key));
        }

        @Override
        public int scan(long fromKey, int limit, RowVisitor visitor) {
            int n = 0;
            try (TreeCursor c = tree.scan(KeyRange.atLeast(encode(fromKey)), false)) {
                java.util.function.Supplier<byte[]> whole = c::value; // one per scan, not per row
                while (n < limit && c.next()) {
                    visitor.row(c.keyLong(0) ^ Long.MIN_VALUE, c.valueLength(), c.valueLong(0), whole);
                    n++;
                }
            }
            return n;
        }

        @Override
        public void begin() {
        }

        @Override
        public void commit() {
            // KvTree puts are logged as they happen (no transaction): a batch ends with nothing to do
        }

        @Override
        public void close() {
        }
    }
}
