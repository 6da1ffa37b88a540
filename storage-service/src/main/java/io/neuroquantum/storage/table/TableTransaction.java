package io.neuroquantum.storage.table;

import io.neuroquantum.platform.problem.ApiProblem;
import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.Savepoint;
import io.neuroquantum.storage.api.Transaction;
import io.neuroquantum.storage.api.TreeCursor;
import io.neuroquantum.storage.catalog.CatalogCodec;
import io.neuroquantum.storage.catalog.Column;
import io.neuroquantum.storage.catalog.IndexSchema;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.catalog.TableSchema;
import io.neuroquantum.storage.changes.ChangeBuffer;
import io.neuroquantum.storage.changes.ChangeOp;
import io.neuroquantum.storage.row.Values;
import io.neuroquantum.storage.txn.LockException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One transaction over tables: DDL, row writes with their index entries and change-feed
 * records, point reads and scans. Not thread-safe: one caller at a time.
 *
 * <h2>Statements</h2>
 * Every public operation is a statement: it either completes or changes nothing (a
 * savepoint is rolled back to on error), and the transaction stays usable. A lock
 * conflict (deadlock victim or lock timeout) instead rolls the whole transaction back, since
 * its locks must go for the other transaction to proceed; the error says so and is retryable.
 *
 * <h2>DDL</h2>
 * CREATE/DROP TABLE and CREATE/DROP INDEX change the catalog inside this transaction (the
 * entry's exclusive lock is held to the end) and become visible to others at commit;
 * rolled back, they leave nothing behind.
 */
public final class TableTransaction implements AutoCloseable {

    private final Database db;
    private final Transaction txn;
    private final ChangeBuffer changes;
    /** Tables this transaction created, changed or dropped (null value: dropped). */
    private final Map<String, TableHandle> ddl = new HashMap<>();
    /** Tables read from the catalog (and share-locked) by this transaction. */
    private final Map<String, TableHandle> seen = new HashMap<>();
    private final List<String> createdTrees = new ArrayList<>();
    private final List<String> droppedTrees = new ArrayList<>();
    /** Per table: rows inserted, updated, deleted (statistics activity, published at commit). */
    private final Map<String, long[]> activity = new HashMap<>();
    private ApiProblem abortedBy;

    /** A single reading statement: tables are used as committed, without catalog locks. */
    private final boolean singleRead;
    private boolean wrote;

    TableTransaction(Database db, Transaction txn) {
        this(db, txn, false);
    }

    TableTransaction(Database db, Transaction txn, boolean singleRead) {
        this.db = db;
        this.txn = txn;
        this.singleRead = singleRead;
        this.changes = new ChangeBuffer(txn, Database.CHANGE_CHUNK_BYTES);
    }

    public long id() {
        return txn.id();
    }

    public IsolationLevel isolation() {
        return txn.isolation();
    }

    public boolean active() {
        return txn.active();
    }

    /** Why the transaction was rolled back by the engine (deadlock, lock timeout), or null. */
    public ApiProblem abortedBy() {
        return abortedBy;
    }

    // ------------------------------------------------------------------ statements

    private record State(int changeMark, Map<String, TableHandle> ddl, int created, int dropped,
            Map<String, long[]> activity) {
    }

    /** Runs a statement that changes nothing (no savepoint needed); lock conflicts end the transaction. */
    private <T> T read(Supplier<T> body) {
        checkUsable();
        try {
            return body.get();
        } catch (LockException e) {
            throw abortOnLockConflict(e);
        }
    }

    private void checkUsable() {
        if (!txn.active()) {
            throw abortedBy != null ? abortedBy : new IllegalStateException("transaction " + id() + " has ended");
        }
    }

    private ApiProblem abortOnLockConflict(LockException e) {
        abortedBy = StorageProblems.lockConflict(e.reason().name().toLowerCase(java.util.Locale.ROOT),
                e.getMessage() + "; transaction " + id() + " was rolled back and may be retried");
        rollback();
        return abortedBy;
    }

    /** Runs {@code body} as one statement: all or nothing. */
    private <T> T statement(Supplier<T> body) {
        checkUsable();
        wrote = true; // from now on tables are used with their catalog locks
        Savepoint sp = txn.savepoint("statement");
        Map<String, long[]> act = new HashMap<>();
        activity.forEach((k, v) -> act.put(k, v.clone()));
        State before = new State(changes.mark(), new HashMap<>(ddl), createdTrees.size(), droppedTrees.size(), act);
        try {
            return body.get();
        } catch (LockException e) {
            throw abortOnLockConflict(e);
        } catch (RuntimeException | Error e) {
            if (txn.active()) {
                txn.rollbackTo(sp);
                changes.truncate(before.changeMark);
                ddl.clear();
                ddl.putAll(before.ddl);
                List<String> created = new ArrayList<>(createdTrees.subList(before.created, createdTrees.size()));
                createdTrees.subList(before.created, createdTrees.size()).clear();
                droppedTrees.subList(before.dropped, droppedTrees.size()).clear();
                activity.clear();
                activity.putAll(before.activity);
                db.reclaimNow(created);
            }
            throw e;
        }
    }

    /** The table as this transaction sees it; takes the shared catalog lock on first use. */
    TableHandle table(String name) {
        if (name == null) {
            throw StorageProblems.invalid("table", "missing");
        }
        if (ddl.containsKey(name)) {
            TableHandle h = ddl.get(name);
            if (h == null) {
                throw StorageProblems.noSuchTable(name);
            }
            return h;
        }
        TableHandle h = seen.get(name);
        if (h != null) {
            return h;
        }
        TableHandle committed = db.committed(name);
        if (committed == null) {
            throw StorageProblems.noSuchTable(name);
        }
        if (singleRead && !wrote) {
            return committed;
        }
        byte[] key = Database.catalogKey(name);
        txn.lockRow(db.catalog, key, false);
        byte[] bytes = txn.get(db.catalog, key);
        if (bytes == null) {
            throw StorageProblems.noSuchTable(name);
        }
        h = db.handle(name, bytes);
        seen.put(name, h);
        return h;
    }

    /** The table's schema as this transaction sees it. */
    public TableSchema schema(String name) {
        return read(() -> table(name).schema);
    }

    // ------------------------------------------------------------------ DDL

    public TableSchema createTable(TableDefinition def) {
        return statement(() -> {
            if (def == null) {
                throw StorageProblems.badRequest("missing table definition");
            }
            SchemaBuilder.checkName(def.name(), "name");
            byte[] key = Database.catalogKey(def.name());
            txn.lockRow(db.catalog, key, true);
            if (ddl.get(def.name()) != null || txn.get(db.catalog, key) != null) {
                throw StorageProblems.exists("table", def.name());
            }
            String tree = db.takeTree();
            createdTrees.add(tree);
            TableSchema schema = SchemaBuilder.table(def, db.nextId(), tree);
            byte[] bytes = catalogEntry(schema);
            txn.put(db.catalog, key, bytes);
            TableHandle h = db.handle(schema, bytes);
            ddl.put(def.name(), h);
            if (def.indexes() != null) {
                for (int i = 0; i < def.indexes().size(); i++) {
                    if (def.indexes().get(i) == null) {
                        throw StorageProblems.invalid("indexes[" + i + "]", "missing");
                    }
                    h = addIndex(h, def.indexes().get(i));
                }
            }
            return h.schema;
        });
    }

    public void dropTable(String name) {
        statement(() -> {
            TableHandle h = table(name);
            byte[] key = Database.catalogKey(name);
            txn.lockRow(db.catalog, key, true);
            txn.delete(db.catalog, key);
            ddl.put(name, null);
            droppedTrees.add(h.schema.tree());
            h.schema.indexes().forEach(i -> droppedTrees.add(i.tree()));
            return null;
        });
    }

    public TableSchema createIndex(String table, IndexDefinition def) {
        return statement(() -> {
            if (def == null) {
                throw StorageProblems.badRequest("missing index definition");
            }
            TableHandle h = table(table);
            txn.lockRow(db.catalog, Database.catalogKey(table), true);
            return addIndex(h, def).schema;
        });
    }

    /**
     * Adds an index and fills it from the table. The exclusive catalog lock is held, so no
     * other transaction has uncommitted changes in the table: its committed contents are
     * read directly, and the new tree (reclaimed if this transaction rolls back) is filled
     * with logged but unlocked writes.
     */
    private TableHandle addIndex(TableHandle h, IndexDefinition def) {
        String tree = db.takeTree();
        createdTrees.add(tree);
        IndexSchema index = SchemaBuilder.index(h.schema, def, tree);
        List<IndexSchema> indexes = new ArrayList<>(h.schema.indexes());
        indexes.add(index);
        TableHandle updated = replaceSchema(h, new TableSchema(h.schema.id(), h.schema.name(), h.schema.version(),
                h.schema.columns(), h.schema.primaryKey(), h.schema.hiddenRowId(), h.schema.tree(), indexes));
        TableHandle.Index idx = updated.indexes.getLast();
        try (TreeCursor c = txn.scan(h.tree, KeyRange.all(), false)) {
            while (c.next()) {
                Object[] row = h.decode(c.key(), c.value(), null);
                byte[] ik = TableHandle.indexKey(idx, row);
                if (index.unique() && !TableHandle.hasNull(idx, row) && exists(idx, ik)) {
                    throw StorageProblems.constraint(index.name(), "could not create unique index \"" + index.name()
                            + "\": duplicate values in (" + columnNames(h, idx) + ")");
                }
                byte[] entry = TableHandle.concat(ik, c.key());
                if (entry.length > idx.tree().maxKeyLength()) {
                    throw StorageProblems.invalid("columns", "a row's index entry would be " + entry.length
                            + " bytes, over the limit of " + idx.tree().maxKeyLength() + ": index shorter columns");
                }
                idx.tree().insert(entry, new byte[0]);
            }
        }
        return updated;
    }

    public TableSchema dropIndex(String table, String index) {
        return statement(() -> {
            TableHandle h = table(table);
            txn.lockRow(db.catalog, Database.catalogKey(table), true);
            TableHandle.Index idx = h.index(index);
            List<IndexSchema> indexes = new ArrayList<>(h.schema.indexes());
            indexes.remove(idx.schema());
            droppedTrees.add(idx.schema().tree());
            return replaceSchema(h, h.schema.withIndexes(indexes)).schema;
        });
    }

    /** Largest catalog entry: it is changed and deleted transactionally, so its undo must fit one log record. */
    static final int MAX_CATALOG_ENTRY_BYTES = 64 * 1024;

    private static byte[] catalogEntry(TableSchema schema) {
        byte[] bytes = CatalogCodec.encode(schema);
        if (bytes.length > MAX_CATALOG_ENTRY_BYTES) {
            throw StorageProblems.invalid("columns", "the table definition takes " + bytes.length
                    + " bytes (defaults included), over the limit of " + MAX_CATALOG_ENTRY_BYTES);
        }
        return bytes;
    }

    private TableHandle replaceSchema(TableHandle old, TableSchema schema) {
        byte[] bytes = catalogEntry(schema);
        txn.put(db.catalog, Database.catalogKey(schema.name()), bytes);
        TableHandle h = db.handle(schema, bytes);
        ddl.put(schema.name(), h);
        return h;
    }

    // ------------------------------------------------------------------ writes

    /**
     * Inserts rows given as objects (column name → value) or arrays (values of the visible
     * columns in order). With {@code upsert}, a row whose primary key exists replaces it.
     */
    public long insert(String table, List<?> rows, boolean upsert) {
        return statement(() -> {
            TableHandle h = table(table);
            if (rows == null) {
                throw StorageProblems.invalid("rows", "missing");
            }
            long n = 0;
            for (int i = 0; i < rows.size(); i++) {
                Object[] row = toRow(h, rows.get(i), "rows[" + i + "]");
                insertRow(h, row, upsert);
                n++;
            }
            return n;
        });
    }

    private Object[] toRow(TableHandle h, Object raw, String field) {
        TableSchema s = h.schema;
        Object[] row = new Object[s.columns().size()];
        boolean[] given = new boolean[row.length];
        int first = s.hiddenRowId() ? 1 : 0;
        if (raw instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String name = String.valueOf(e.getKey());
                int p = s.columnIndex(name);
                if (p < first) {
                    throw StorageProblems.invalid(field + "." + name, "table \"" + s.name() + "\" has no column \""
                            + name + "\"");
                }
                row[p] = Values.coerce(s.columns().get(p), e.getValue(), field + "." + name);
                given[p] = true;
            }
        } else if (raw instanceof List<?> l) {
            if (l.size() != row.length - first) {
                throw StorageProblems.invalid(field, "expected " + (row.length - first) + " values, got " + l.size());
            }
            for (int i = 0; i < l.size(); i++) {
                Column c = s.columns().get(first + i);
                row[first + i] = Values.coerce(c, l.get(i), field + "." + c.name());
                given[first + i] = true;
            }
        } else {
            throw StorageProblems.invalid(field, "expected an object or an array");
        }
        for (int p = first; p < row.length; p++) {
            Column c = s.columns().get(p);
            if (!given[p]) {
                row[p] = c.defaultValue();
            }
        }
        if (s.hiddenRowId()) {
            row[0] = db.nextRowId(h);
        }
        checkNotNull(h, row);
        return row;
    }

    private static void checkNotNull(TableHandle h, Object[] row) {
        for (int p = 0; p < row.length; p++) {
            Column c = h.schema.columns().get(p);
            if (row[p] == null && !c.nullable()) {
                throw StorageProblems.constraint(h.name() + "_" + c.name() + "_not_null", "null value in column \""
                        + c.name() + "\" of \"" + h.name() + "\" violates its NOT NULL constraint");
            }
        }
    }

    private void insertRow(TableHandle h, Object[] row, boolean upsert) {
        byte[] key = h.key(row);
        byte[] value = h.value(row);
        if (upsert) {
            byte[] old = txn.get(h.tree, key);
            if (old != null) {
                replaceRow(h, key, h.decode(key, old, null), row, value);
                return;
            }
        }
        if (!txn.insert(h.tree, key, value)) {
            throw StorageProblems.constraint(h.schema.primaryKeyConstraint(), "duplicate key value violates \""
                    + h.schema.primaryKeyConstraint() + "\": " + describeKey(h, row));
        }
        for (TableHandle.Index idx : h.indexes) {
            addIndexEntry(h, idx, row, key);
        }
        changes.record(h.schema, ChangeOp.INSERT, row, null);
        count(h, 0);
    }

    /** Replaces the row at {@code key} (same primary key) by {@code row}. */
    private void replaceRow(TableHandle h, byte[] key, Object[] old, Object[] row, byte[] value) {
        for (TableHandle.Index idx : h.indexes) {
            if (!TableHandle.sameIndexValues(idx, old, row)) {
                txn.delete(idx.tree(), TableHandle.concat(TableHandle.indexKey(idx, old), key));
                addIndexEntry(h, idx, row, key);
            }
        }
        txn.put(h.tree, key, value);
        changes.record(h.schema, ChangeOp.UPDATE, row, old);
        count(h, 1);
    }

    private void deleteRow(TableHandle h, byte[] key, Object[] old) {
        txn.delete(h.tree, key);
        for (TableHandle.Index idx : h.indexes) {
            txn.delete(idx.tree(), TableHandle.concat(TableHandle.indexKey(idx, old), key));
        }
        changes.record(h.schema, ChangeOp.DELETE, null, old);
        count(h, 2);
    }

    private void count(TableHandle h, int which) {
        activity.computeIfAbsent(h.name(), n -> new long[3])[which]++;
    }

    private void addIndexEntry(TableHandle h, TableHandle.Index idx, Object[] row, byte[] key) {
        byte[] ik = TableHandle.indexKey(idx, row);
        if (idx.schema().unique() && !TableHandle.hasNull(idx, row) && exists(idx, ik)) {
            throw StorageProblems.constraint(idx.schema().name(), "duplicate key value violates unique index \""
                    + idx.schema().name() + "\": (" + columnNames(h, idx) + ") already exists");
        }
        byte[] entry = TableHandle.concat(ik, key);
        if (entry.length > idx.tree().maxKeyLength()) {
            throw StorageProblems.invalid(idx.schema().name(), "index entry of " + entry.length
                    + " bytes exceeds the limit of " + idx.tree().maxKeyLength());
        }
        txn.insert(idx.tree(), entry, new byte[0]);
    }

    /** Whether an entry with index values {@code ik} exists (locking what it reads, so none can appear). */
    private boolean exists(TableHandle.Index idx, byte[] ik) {
        try (TreeCursor c = txn.scan(idx.tree(), prefixRange(ik), false)) {
            return c.next();
        }
    }

    static KeyRange prefixRange(byte[] prefix) {
        byte[] upper = java.util.Arrays.copyOf(prefix, prefix.length + 1);
        upper[prefix.length] = (byte) 0xFF;
        return new KeyRange(prefix, true, upper, false);
    }

    private static String columnNames(TableHandle h, TableHandle.Index idx) {
        List<String> names = new ArrayList<>();
        for (int p : idx.positions()) {
            names.add(h.schema.columns().get(p).name());
        }
        return String.join(", ", names);
    }

    private static String describeKey(TableHandle h, Object[] row) {
        List<String> parts = new ArrayList<>();
        for (int p : h.keyPositions) {
            parts.add(h.schema.columns().get(p).name() + "=" + Values.toJson(row[p]));
        }
        String s = "(" + String.join(", ", parts) + ")";
        return s.length() > 200 ? s.substring(0, 200) + "…)" : s;
    }

    /** Rows chosen for an update or delete: by primary keys, or by a scan (index range and filter). */
    public record Selection(List<?> keys, ScanSpec scan) {
    }

    /** Sets columns of the selected rows; returns how many rows changed. */
    public long update(String table, Selection selection, Map<String, Object> set) {
        return statement(() -> {
            TableHandle h = table(table);
            if (set == null || set.isEmpty()) {
                throw StorageProblems.invalid("set", "nothing to set");
            }
            Map<Integer, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : set.entrySet()) {
                int p = h.schema.columnIndex(e.getKey());
                if (p < (h.schema.hiddenRowId() ? 1 : 0)) {
                    throw StorageProblems.invalid("set." + e.getKey(), "table \"" + table + "\" has no column \""
                            + e.getKey() + "\"");
                }
                values.put(p, Values.coerce(h.schema.columns().get(p), e.getValue(), "set." + e.getKey()));
            }
            long n = 0;
            for (byte[] key : select(h, selection)) {
                byte[] bytes = txn.get(h.tree, key);
                if (bytes == null) {
                    continue;
                }
                Object[] old = h.decode(key, bytes, null);
                Object[] row = old.clone();
                values.forEach((p, v) -> row[p] = v);
                checkNotNull(h, row);
                byte[] newKey = h.key(row);
                if (java.util.Arrays.equals(newKey, key)) {
                    replaceRow(h, key, old, row, h.value(row));
                } else {
                    deleteRow(h, key, old);
                    insertRow(h, row, false);
                }
                n++;
            }
            return n;
        });
    }

    /** Deletes the selected rows; returns how many. */
    public long delete(String table, Selection selection) {
        return statement(() -> {
            TableHandle h = table(table);
            long n = 0;
            for (byte[] key : select(h, selection)) {
                byte[] bytes = txn.get(h.tree, key);
                if (bytes != null) {
                    deleteRow(h, key, h.decode(key, bytes, null));
                    n++;
                }
            }
            return n;
        });
    }

    /** The primary keys of the selected rows, collected before any is changed. */
    private List<byte[]> select(TableHandle h, Selection selection) {
        if (selection == null || (selection.keys() == null) == (selection.scan() == null)) {
            throw StorageProblems.badRequest("give exactly one of \"keys\" or \"where\"/range");
        }
        List<byte[]> keys = new ArrayList<>();
        if (selection.keys() != null) {
            for (int i = 0; i < selection.keys().size(); i++) {
                keys.add(encodeKey(h, selection.keys().get(i), "keys[" + i + "]"));
            }
            return keys;
        }
        ScanSpec spec = selection.scan();
        ScanSpec pkOnly = new ScanSpec(h.name(), spec.index(), spec.lower(), spec.lowerInclusive(), spec.upper(),
                spec.upperInclusive(), spec.filter(), keyColumnNames(h), spec.descending(), spec.limit());
        try (RowCursor c = openScan(h, pkOnly)) {
            for (List<Object[]> batch; !(batch = c.next(1024)).isEmpty(); ) {
                for (Object[] pk : batch) {
                    keys.add(h.primaryKey.encode(pk));
                }
            }
        }
        return keys;
    }

    private static List<String> keyColumnNames(TableHandle h) {
        List<String> names = new ArrayList<>();
        for (int p : h.keyPositions) {
            names.add(h.schema.columns().get(p).name());
        }
        return names;
    }

    private byte[] encodeKey(TableHandle h, Object raw, String field) {
        List<?> values = raw instanceof List<?> l ? l : raw == null ? null : List.of(raw);
        if (values == null || values.size() != h.keyPositions.length) {
            throw StorageProblems.invalid(field, "expected " + h.keyPositions.length + " primary-key value(s)");
        }
        Object[] pk = new Object[values.size()];
        for (int i = 0; i < pk.length; i++) {
            Column c = h.schema.columns().get(h.keyPositions[i]);
            pk[i] = Values.coerce(c, values.get(i), field + "." + c.name());
            if (pk[i] == null) {
                throw StorageProblems.invalid(field + "." + c.name(), "a primary-key value cannot be null");
            }
        }
        byte[] key = h.primaryKey.encode(pk);
        if (key.length > h.tree.maxKeyLength()) {
            throw StorageProblems.invalid(field, "key too long");
        }
        return key;
    }

    // ------------------------------------------------------------------ reads

    /** The rows with these primary keys, in order; null where there is none. */
    public List<Object[]> get(String table, List<?> keys, List<String> columns) {
        return read(() -> {
            TableHandle h = table(table);
            if (keys == null) {
                throw StorageProblems.invalid("keys", "missing");
            }
            int[] projection = projection(h, columns);
            boolean[] wanted = wanted(h, projection, null);
            List<Object[]> out = new ArrayList<>(keys.size());
            long found = 0;
            for (int i = 0; i < keys.size(); i++) {
                byte[] key = encodeKey(h, keys.get(i), "keys[" + i + "]");
                byte[] value = txn.get(h.tree, key);
                if (value == null) {
                    out.add(null);
                    continue;
                }
                found++;
                Object[] row = h.decode(key, value, wanted);
                Object[] projected = new Object[projection.length];
                for (int j = 0; j < projection.length; j++) {
                    projected[j] = row[projection[j]];
                }
                out.add(projected);
            }
            db.usage.lookup(h.name(), h.schema.primaryKeyConstraint(), found);
            return out;
        });
    }

    /** Names of the columns {@link #get} returns for {@code columns}. */
    public List<String> columnNames(String table, List<String> columns) {
        TableHandle h = read(() -> table(table));
        List<String> names = new ArrayList<>();
        for (int p : projection(h, columns)) {
            names.add(h.schema.columns().get(p).name());
        }
        return names;
    }

    /** Opens a scan; close the cursor before the transaction ends. */
    public RowCursor scan(ScanSpec spec) {
        return read(() -> openScan(table(spec.table()), spec, true));
    }

    /** A scan for the service's own purposes (ANALYZE): not counted as index usage. */
    RowCursor internalScan(ScanSpec spec) {
        return read(() -> openScan(table(spec.table()), spec, false));
    }

    private RowCursor openScan(TableHandle h, ScanSpec spec) {
        return openScan(h, spec, true);
    }

    private RowCursor openScan(TableHandle h, ScanSpec spec, boolean counted) {
        TableHandle.Index index = spec.index() == null || spec.index().equals(h.schema.primaryKeyConstraint())
                ? null : h.index(spec.index());
        List<Integer> keyColumns = index == null ? h.schema.primaryKey() : index.schema().columns();
        KeyRange range = range(h, keyColumns, spec);
        Predicate filter = PredicateParser.parse(h.schema, spec.filter(), "where");
        int[] projection = projection(h, spec.columns());
        boolean[] wanted = wanted(h, projection, filter);
        boolean covering = false;
        if (index != null) {
            covering = true;
            for (int p = 0; p < wanted.length; p++) {
                if (wanted[p] && !index.schema().columns().contains(p) && !h.schema.inPrimaryKey(p)) {
                    covering = false;
                }
            }
        }
        String indexName = index == null ? h.schema.primaryKeyConstraint() : index.schema().name();
        if (counted) {
            db.usage.rangeScan(h.name(), indexName);
        }
        TreeCursor cursor = txn.scan(index == null ? h.tree : index.tree(), range, spec.descending());
        return new RowCursor(txn, h, index, cursor, filter, wanted, projection, covering, spec.limit(),
                counted ? db.usage.of(h.name(), indexName) : null, this::abortOnLockConflict);
    }

    private static KeyRange range(TableHandle h, List<Integer> keyColumns, ScanSpec spec) {
        byte[] lower = bound(h, keyColumns, spec.lower(), "lower");
        byte[] upper = bound(h, keyColumns, spec.upper(), "upper");
        if (lower != null && !spec.lowerInclusive()) {
            lower = prefixRange(lower).upper(); // past every key extending the prefix
        }
        boolean upperInclusive = false;
        if (upper != null && spec.upperInclusive()) {
            upper = prefixRange(upper).upper();
        }
        return new KeyRange(lower, true, upper, upperInclusive);
    }

    private static byte[] bound(TableHandle h, List<Integer> keyColumns, List<Object> values, String field) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > keyColumns.size()) {
            throw StorageProblems.invalid(field, "at most " + keyColumns.size() + " values for this index");
        }
        List<Object> coerced = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Column c = h.schema.columns().get(keyColumns.get(i));
            coerced.add(Values.coerce(c, values.get(i), field + "[" + i + "]"));
        }
        return h.schema.keySchema(keyColumns).encodePrefix(coerced);
    }

    private static int[] projection(TableHandle h, List<String> columns) {
        if (columns == null) {
            return h.schema.visibleColumns().stream().mapToInt(Integer::intValue).toArray();
        }
        int[] out = new int[columns.size()];
        for (int i = 0; i < out.length; i++) {
            String name = columns.get(i);
            int p = name == null ? -1 : h.schema.columnIndex(name);
            if (p < 0) {
                throw StorageProblems.invalid("columns[" + i + "]", "table \"" + h.name() + "\" has no column \""
                        + name + "\"");
            }
            out[i] = p;
        }
        return out;
    }

    private static boolean[] wanted(TableHandle h, int[] projection, Predicate filter) {
        boolean[] wanted = new boolean[h.schema.columns().size()];
        for (int p : projection) {
            wanted[p] = true;
        }
        if (filter != null) {
            Set<Integer> used = new HashSet<>();
            filter.columns(used);
            used.forEach(p -> wanted[p] = true);
        }
        return wanted;
    }

    // ------------------------------------------------------------------ end

    /** Commits; returns the commit LSN (0 if nothing was changed). */
    public long commit() {
        if (!txn.active()) {
            throw abortedBy != null ? abortedBy : new IllegalStateException("transaction " + id() + " has ended");
        }
        // DDL is published before the commit releases the catalog locks: a transaction that
        // finds the new entry in the cache then waits on its lock until the commit is done
        ddl.forEach(db::publish);
        long lsn;
        try {
            lsn = txn.commit(changes.finish());
            db.commits.increment();
        } finally {
            db.ended(this);
        }
        activity.forEach((t, c) -> db.activity().committed(t, c[0], c[1], c[2]));
        if (!droppedTrees.isEmpty()) {
            db.reclaimAfterRunning(droppedTrees, id());
        }
        return lsn;
    }

    public void rollback() {
        if (!txn.active()) {
            return;
        }
        try {
            txn.rollback();
            db.rollbacks.increment();
        } finally {
            db.ended(this);
            db.reclaimNow(createdTrees);
        }
    }

    @Override
    public void close() {
        rollback();
    }
}
