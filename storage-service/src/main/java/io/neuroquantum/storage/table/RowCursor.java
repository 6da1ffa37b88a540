package io.neuroquantum.storage.table;

import io.neuroquantum.storage.api.Transaction;
import io.neuroquantum.storage.api.TreeCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a scan, handed out in batches (projected, filtered, limited). Holds an engine
 * cursor of its transaction: use it from one thread at a time and close it. Batches are
 * pulled, so a slow consumer simply pulls later (backpressure without buffering).
 */
public final class RowCursor implements AutoCloseable {

    private final Transaction txn;
    private final TableHandle table;
    private final TableHandle.Index index;
    private final TreeCursor cursor;
    private final Predicate filter;
    private final boolean[] wanted;
    private final int[] projection;
    private final boolean covering;
    private final IndexUsage.Counters usage;
    private final List<String> columnNames;
    private long remaining;
    private long scanned;
    private long reported;
    private long returned;
    private boolean done;
    private final java.util.function.Function<io.neuroquantum.storage.txn.LockException, RuntimeException> onLockConflict;

    RowCursor(Transaction txn, TableHandle table, TableHandle.Index index, TreeCursor cursor, Predicate filter,
            boolean[] wanted, int[] projection, boolean covering, long limit, IndexUsage.Counters usage,
            java.util.function.Function<io.neuroquantum.storage.txn.LockException, RuntimeException> onLockConflict) {
        this.onLockConflict = onLockConflict;
        this.txn = txn;
        this.table = table;
        this.index = index;
        this.cursor = cursor;
        this.filter = filter;
        this.wanted = wanted;
        this.projection = projection;
        this.covering = covering;
        this.remaining = limit <= 0 ? Long.MAX_VALUE : limit;
        this.usage = usage;
        List<String> names = new ArrayList<>();
        for (int p : projection) {
            names.add(table.schema.columns().get(p).name());
        }
        this.columnNames = List.copyOf(names);
    }

    /** Names of the returned columns, in row order. */
    public List<String> columns() {
        return columnNames;
    }

    /** Types of the returned columns, as SQL type names. */
    public List<String> types() {
        List<String> types = new ArrayList<>();
        for (int p : projection) {
            types.add(table.schema.columns().get(p).typeName());
        }
        return types;
    }

    /**
     * Up to {@code max} further rows; empty once the scan is done. A lock conflict (the
     * scan waits for row and gap locks) rolls the transaction back, as in any statement.
     */
    public List<Object[]> next(int max) {
        try {
            return nextBatch(max);
        } catch (io.neuroquantum.storage.txn.LockException e) {
            done = true;
            throw onLockConflict.apply(e);
        }
    }

    private List<Object[]> nextBatch(int max) {
        List<Object[]> batch = new ArrayList<>(Math.min(max, 1024));
        while (!done && batch.size() < max) {
            if (remaining == 0 || !cursor.next()) {
                done = true;
                break;
            }
            scanned++;
            Object[] row = index == null ? table.decode(cursor.key(), cursor.value(), wanted) : viaIndex();
            if (row == null || !Predicate.passes(filter, row)) {
                continue;
            }
            Object[] out = new Object[projection.length];
            for (int i = 0; i < projection.length; i++) {
                out[i] = row[projection[i]];
            }
            batch.add(out);
            remaining--;
            returned++;
        }
        if (usage != null) {
            usage.rowsRead.add(scanned - reported); // counted as the scan goes, so the counter shows a scan in flight
            reported = scanned;
        }
        return batch;
    }

    private Object[] viaIndex() {
        List<Object> values = index.withPrimaryKey().decode(cursor.key());
        Object[] row = new Object[table.schema.columns().size()];
        int n = index.positions().length;
        for (int i = 0; i < n; i++) {
            row[index.positions()[i]] = values.get(i);
        }
        Object[] pk = new Object[table.keyPositions.length];
        for (int i = 0; i < pk.length; i++) {
            pk[i] = values.get(n + i);
            row[table.keyPositions[i]] = pk[i];
        }
        if (covering) {
            return row;
        }
        byte[] key = table.primaryKey.encode(pk);
        byte[] value = txn.get(table.tree, key);
        return value == null ? null : table.decode(key, value, wanted);
    }

    public boolean done() {
        return done;
    }

    /** Index or table entries visited. */
    public long scanned() {
        return scanned;
    }

    public long returned() {
        return returned;
    }

    @Override
    public void close() {
        try {
            cursor.close();
        } finally {
            if (usage != null) {
                usage.rowsRead.add(scanned - reported);
                reported = scanned;
            }
        }
    }
}
