package io.neuroquantum.storage.table;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import io.neuroquantum.storage.catalog.CatalogCodec;
import io.neuroquantum.storage.catalog.IndexSchema;
import io.neuroquantum.storage.catalog.TableSchema;
import io.neuroquantum.storage.changes.ChangeFeed;
import io.neuroquantum.storage.wal.SegmentListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tables and indexes over one storage engine: the catalog (a system tree, changed only by
 * transactions), the trees behind tables and indexes, hidden row ids, index usage counters
 * and the change feed. Work happens in {@link TableTransaction}s from {@link #begin}.
 *
 * <h2>Trees</h2>
 * Every table and index is an engine tree named {@code tree.<n>}. Trees no committed catalog
 * entry references are emptied and kept in the {@code sys.free_trees} list for reuse: the
 * trees of dropped tables once no transaction that could still see them is running, those
 * of rolled-back creations at once, and at open any orphan a crash left behind.
 *
 * <h2>Concurrency</h2>
 * Each transaction holds a shared lock on the catalog entry of every table it uses until it
 * ends; DDL takes it exclusively. So DDL waits for running users of the table, and a
 * transaction's view of a table's schema cannot change under it.
 */
public final class Database implements AutoCloseable {

    static final String CATALOG = "sys.catalog";
    static final String FREE_TREES = "sys.free_trees";
    static final String TREE_PREFIX = "tree.";
    /** Change-feed chunk size: how much of a transaction's changes is kept in memory before it is logged. */
    static final int CHANGE_CHUNK_BYTES = 128 * 1024;

    final StorageEngine engine;
    final KvTree catalog;
    private final KvTree freeTrees;
    /** Committed schemas by table name, with their handles. */
    private final ConcurrentHashMap<String, TableHandle> tables = new ConcurrentHashMap<>();
    private final AtomicLong nextId;
    private final ConcurrentHashMap<Long, AtomicLong> rowIds = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Long> active = new ConcurrentSkipListSet<>();
    private final Reclaimer reclaimer;
    final IndexUsage usage = new IndexUsage();
    private final ChangeFeed changes;
    private final Statistics statistics;
    private final TableActivity activity = new TableActivity();
    final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder rollbacks = new java.util.concurrent.atomic.LongAdder();

    private Database(StorageEngine engine) {
        this.engine = engine;
        this.catalog = engine.findTree(CATALOG).orElseGet(() -> engine.createTree(CATALOG));
        this.freeTrees = engine.findTree(FREE_TREES).orElseGet(() -> engine.createTree(FREE_TREES));
        long max = 0;
        Set<String> referenced = new HashSet<>();
        try (TreeCursor c = catalog.scan(KeyRange.all(), false)) {
            while (c.next()) {
                byte[] bytes = c.value();
                TableSchema t = CatalogCodec.decode(bytes);
                tables.put(t.name(), handle(t, bytes));
                referenced.add(t.tree());
                t.indexes().forEach(i -> referenced.add(i.tree()));
                max = Math.max(max, t.id());
            }
        }
        for (String name : engine.treeNames()) {
            if (name.startsWith(TREE_PREFIX)) {
                max = Math.max(max, treeNumber(name));
            }
        }
        this.nextId = new AtomicLong(max + 1);
        this.reclaimer = new Reclaimer(engine, freeTrees, active);
        Set<String> free = freeTreeNames();
        for (String name : engine.treeNames()) {
            if (name.startsWith(TREE_PREFIX) && !referenced.contains(name) && !free.contains(name)) {
                reclaimer.reclaimNow(name); // an orphan: created or dropped by a transaction a crash cut short
            }
        }
        this.changes = new ChangeFeed(engine);
        this.statistics = new Statistics(this);
    }

    private static long treeNumber(String name) {
        try {
            return Long.parseLong(name.substring(TREE_PREFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Opens (or creates) the database in {@code dir}: the page file {@code dir/nq.db} and its log. */
    public static Database open(Path dir, EngineOptions options, SegmentListener segments) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        StorageEngine engine = StorageEngine.open(dir.resolve("nq.db"), options, segments);
        try {
            return new Database(engine);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public StorageEngine engine() {
        return engine;
    }

    public ChangeFeed changes() {
        return changes;
    }

    public IndexUsage indexUsage() {
        return usage;
    }

    public Statistics statistics() {
        return statistics;
    }

    public TableActivity activity() {
        return activity;
    }

    public TableTransaction begin(IsolationLevel isolation) {
        var txn = engine.begin(isolation);
        active.add(txn.id());
        return new TableTransaction(this, txn);
    }

    /**
     * A READ COMMITTED transaction for one reading statement: it uses the committed schemas
     * without taking catalog locks. That is safe because a read cannot corrupt an index a
     * concurrent DDL builds, and a dropped table's trees are reclaimed only after every
     * transaction that began before the drop has ended. A write in it takes the locks as usual.
     */
    public TableTransaction beginSingleRead() {
        var txn = engine.begin(IsolationLevel.READ_COMMITTED);
        active.add(txn.id());
        return new TableTransaction(this, txn, true);
    }

    void ended(TableTransaction t) {
        active.remove(t.id());
        reclaimer.runPending();
    }

    public long commits() {
        return commits.sum();
    }

    public long rollbacks() {
        return rollbacks.sum();
    }

    /** Transactions running (explicit and single-call ones). */
    public int activeTransactions() {
        return active.size();
    }

    /**
     * The table (or {@code table.index}) an engine tree id belongs to, for lock statistics;
     * null for system trees and trees of dropped tables.
     */
    public String treeOwner(long treeId) {
        for (TableHandle h : tables.values()) {
            if (h.tree.id() == treeId) {
                return h.name();
            }
            for (TableHandle.Index i : h.indexes) {
                if (i.tree().id() == treeId) {
                    return h.name() + "." + i.schema().name();
                }
            }
        }
        return treeId == catalog.id() ? CATALOG : null;
    }

    /** Committed tables, by name. */
    public Map<String, TableSchema> tables() {
        Map<String, TableSchema> out = new TreeMap<>();
        tables.forEach((n, h) -> out.put(n, h.schema));
        return out;
    }

    TableHandle committed(String name) {
        return tables.get(name);
    }

    static byte[] catalogKey(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** The handle of table {@code name}'s catalog entry: the cached one when the entry is unchanged. */
    TableHandle handle(String name, byte[] catalogBytes) {
        TableHandle cached = tables.get(name);
        if (cached != null && java.util.Arrays.equals(cached.catalogBytes, catalogBytes)) {
            return cached;
        }
        return handle(CatalogCodec.decode(catalogBytes), catalogBytes);
    }

    TableHandle handle(TableSchema schema, byte[] catalogBytes) {
        List<KvTree> indexTrees = new ArrayList<>();
        for (IndexSchema i : schema.indexes()) {
            indexTrees.add(engine.openTree(i.tree()));
        }
        return new TableHandle(schema, catalogBytes, engine.openTree(schema.tree()), indexTrees);
    }

    /** Installs committed DDL: {@code handle} null removes the table. */
    void publish(String name, TableHandle handle) {
        if (handle == null) {
            tables.remove(name);
            usage.forget(name, null);
            activity.forget(name);
            statistics.forget(name);
        } else {
            TableHandle old = tables.put(name, handle);
            if (old != null && old.schema.id() != handle.schema.id()) { // dropped and created again
                activity.forget(name);
                statistics.forget(name);
            }
        }
    }

    long nextId() {
        return nextId.getAndIncrement();
    }

    /** An empty tree for a new table or index: a free one if there is one, else a new one. */
    synchronized String takeTree() {
        try (TreeCursor c = freeTrees.scan(KeyRange.all(), false)) {
            if (c.next()) {
                byte[] key = c.key();
                c.close();
                freeTrees.delete(key);
                return new String(key, StandardCharsets.UTF_8);
            }
        }
        String name = TREE_PREFIX + nextId();
        engine.createTree(name);
        return name;
    }

    private Set<String> freeTreeNames() {
        Set<String> names = new HashSet<>();
        try (TreeCursor c = freeTrees.scan(KeyRange.all(), false)) {
            while (c.next()) {
                names.add(new String(c.key(), StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    /** Reclaims trees once every transaction that began before now has ended. */
    void reclaimAfterRunning(List<String> trees, long committedBy) {
        reclaimer.reclaimLater(trees, committedBy);
    }

    void reclaimNow(List<String> trees) {
        trees.forEach(reclaimer::reclaimNow);
    }

    /** The next hidden row id of a table without a primary key. */
    long nextRowId(TableHandle table) {
        return rowIds.computeIfAbsent(table.schema.id(), id -> {
            long max = 0;
            try (TreeCursor c = table.tree.scan(KeyRange.all(), true)) {
                if (c.next()) {
                    max = (Long) table.primaryKey.decode(c.key()).getFirst();
                }
            }
            return new AtomicLong(max);
        }).incrementAndGet();
    }

    @Override
    public void close() {
        statistics.close();
        reclaimer.close();
        engine.close();
    }
}
