package io.neuroquantum.storage.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How each index (the primary key included, named {@code <table>_pkey}) is used since the
 * service started, like PostgreSQL's pg_stat_user_indexes: point lookups, range scans,
 * entries read, last use. Counters only; thread-safe.
 */
public final class IndexUsage {

    /** One index's counters. */
    public static final class Counters {
        final LongAdder lookups = new LongAdder();
        final LongAdder rangeScans = new LongAdder();
        final LongAdder rowsRead = new LongAdder();
        volatile long lastUsedMillis;

        void used() {
            lastUsedMillis = System.currentTimeMillis();
        }
    }

    /** A snapshot of one index's counters. */
    public record Snapshot(String table, String index, long lookups, long rangeScans, long rowsRead,
            Instant lastUsed) {
    }

    private record Key(String table, String index) {
    }

    private final ConcurrentHashMap<Key, Counters> counters = new ConcurrentHashMap<>();

    Counters of(String table, String index) {
        return counters.computeIfAbsent(new Key(table, index), k -> new Counters());
    }

    void lookup(String table, String index, long rows) {
        Counters c = of(table, index);
        c.lookups.increment();
        c.rowsRead.add(rows);
        c.used();
    }

    void rangeScan(String table, String index) {
        Counters c = of(table, index);
        c.rangeScans.increment();
        c.used();
    }

    /** Forgets the counters of a dropped table or index ({@code index} null: all of the table's). */
    void forget(String table, String index) {
        counters.keySet().removeIf(k -> k.table.equals(table) && (index == null || k.index.equals(index)));
    }

    /** The counters of one index (zeros if it was never used or was dropped). */
    public Snapshot get(String table, String index) {
        Counters c = counters.get(new Key(table, index));
        return c == null ? new Snapshot(table, index, 0, 0, 0, null) : snapshot(table, index, c);
    }

    private static Snapshot snapshot(String table, String index, Counters c) {
        return new Snapshot(table, index, c.lookups.sum(), c.rangeScans.sum(), c.rowsRead.sum(),
                c.lastUsedMillis == 0 ? null : Instant.ofEpochMilli(c.lastUsedMillis));
    }

    public List<Snapshot> snapshot() {
        List<Snapshot> out = new ArrayList<>();
        counters.forEach((k, c) -> out.add(snapshot(k.table, k.index, c)));
        out.sort((a, b) -> a.table().equals(b.table()) ? a.index().compareTo(b.index())
                : a.table().compareTo(b.table()));
        return out;
    }
}
