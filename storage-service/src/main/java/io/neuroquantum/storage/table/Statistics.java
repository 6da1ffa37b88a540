package io.neuroquantum.storage.table;

import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.catalog.ColumnType;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.catalog.TableSchema;
import io.neuroquantum.storage.stats.StatisticsCodec;
import io.neuroquantum.storage.stats.TableStatistics;
import io.neuroquantum.storage.stats.TableStatsCollector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Planner statistics per table: ANALYZE reads every row (a READ COMMITTED scan) into a
 * {@link TableStatsCollector} and stores the result in the system tree {@code sys.stats}.
 * Between runs, the row count is kept current from committed inserts and deletes
 * ({@link TableActivity}); a table is analyzed again in the background once more than
 * 10 % of its rows (plus 500) changed, like PostgreSQL's autovacuum analyze threshold.
 */
public final class Statistics implements AutoCloseable {

    static final String TREE = "sys.stats";
    static final double AUTO_FRACTION = 0.10;
    static final long AUTO_BASE = 500;

    private final Database db;
    private final KvTree tree;
    private ScheduledExecutorService auto;

    Statistics(Database db) {
        this.db = db;
        this.tree = db.engine.findTree(TREE).orElseGet(() -> db.engine.createTree(TREE));
    }

    /** Counts and samples every row of {@code table} now, and stores the result. */
    public TableStatistics analyze(String table) {
        TableStatistics stats;
        try (TableTransaction t = db.begin(IsolationLevel.READ_COMMITTED)) {
            TableSchema schema = t.schema(table);
            List<String> names = new ArrayList<>();
            List<ColumnType> types = new ArrayList<>();
            for (int p : schema.visibleColumns()) {
                names.add(schema.columns().get(p).name());
                types.add(schema.columns().get(p).type());
            }
            TableStatsCollector collector = new TableStatsCollector(table, names, types);
            db.activity().analyzed(table);
            try (RowCursor c = t.internalScan(new ScanSpec(table, null, List.of(), true, List.of(), true, null, names,
                    false, 0))) {
                for (List<Object[]> batch; !(batch = c.next(1024)).isEmpty(); ) {
                    batch.forEach(collector::addRow);
                }
            }
            t.commit();
            stats = collector.statistics(Instant.now());
        }
        tree.put(key(table), StatisticsCodec.encode(stats));
        return stats;
    }

    /**
     * The statistics of {@code table} as of now: the last ANALYZE's, with the row count
     * moved by the committed inserts and deletes since and {@code modifiedSinceAnalyze} set.
     * A table never analyzed is analyzed first.
     */
    public TableStatistics current(String table) {
        if (db.committed(table) == null) {
            throw StorageProblems.noSuchTable(table);
        }
        byte[] stored = tree.get(key(table));
        TableStatistics s = stored == null ? analyze(table) : StatisticsCodec.decode(stored);
        TableActivity.Counts c = db.activity().of(table);
        return new TableStatistics(s.table(), Math.max(0, s.rowCount() + c.netRows()), s.analyzedAt(), s.columns(),
                c.modified());
    }

    void forget(String table) {
        tree.delete(key(table));
    }

    private static byte[] key(String table) {
        return table.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts re-analyzing tables that changed enough, checked every {@code period}. */
    public synchronized void startAutoAnalyze(Duration period) {
        if (auto != null) {
            return;
        }
        auto = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nq-auto-analyze");
            t.setDaemon(true);
            return t;
        });
        auto.scheduleWithFixedDelay(this::autoAnalyze, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void autoAnalyze() {
        for (String table : db.tables().keySet()) {
            try {
                TableActivity.Counts c = db.activity().of(table);
                if (c.modified() == 0) {
                    continue;
                }
                byte[] stored = tree.get(key(table));
                long rows = stored == null ? 0 : StatisticsCodec.decode(stored).rowCount();
                if (c.modified() > AUTO_FRACTION * rows + AUTO_BASE) {
                    analyze(table);
                }
            } catch (RuntimeException e) {
                // dropped meanwhile, or a lock conflict: the next round tries again
            }
        }
    }

    @Override
    public synchronized void close() {
        if (auto != null) {
            auto.shutdownNow();
        }
    }
}
