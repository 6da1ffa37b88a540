package io.neuroquantum.storage.table;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Committed row changes per table since the service started or the table was last analyzed
 * (the planner statistics' "modified since analyze" and the live row count estimate between
 * ANALYZE runs). Updated after commit; thread-safe.
 */
public final class TableActivity {

    /** Per table: net rows added and rows modified (inserted, updated or deleted). */
    public static final class Counts {
        final AtomicLong netRows = new AtomicLong();
        final AtomicLong modified = new AtomicLong();

        public long netRows() {
            return netRows.get();
        }

        public long modified() {
            return modified.get();
        }
    }

    private final ConcurrentHashMap<String, Counts> tables = new ConcurrentHashMap<>();

    void committed(String table, long inserted, long updated, long deleted) {
        Counts c = tables.computeIfAbsent(table, t -> new Counts());
        c.netRows.addAndGet(inserted - deleted);
        c.modified.addAndGet(inserted + updated + deleted);
    }

    public Counts of(String table) {
        return tables.computeIfAbsent(table, t -> new Counts());
    }

    /** After ANALYZE counted the table: the counts start again from zero. */
    public void analyzed(String table) {
        tables.put(table, new Counts());
    }

    void forget(String table) {
        tables.remove(table);
    }
}
