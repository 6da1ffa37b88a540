package io.neuroquantum.storage.api;

import io.neuroquantum.storage.btree.BTree;
import io.neuroquantum.storage.buffer.MiniTransaction;
import io.neuroquantum.storage.txn.LockMode;
import io.neuroquantum.storage.txn.LockResource;
import io.neuroquantum.storage.txn.UndoOp;
import io.neuroquantum.storage.wal.LogRecordType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A transaction: strict two-phase locking over the lock manager, write-ahead logging of
 * every change (UPDATE records with logical undo, chained by prevLSN), rollback with
 * compensation records.
 *
 * <h2>Locks taken</h2>
 * <ul>
 *   <li>Every access: an intention lock on the tree (IS to read, IX to write).</li>
 *   <li>Write of key K: X on row K until the end. Inserting a new K also takes, for an
 *       instant, X on the gap K falls into (the gap before K's successor), so it waits for a
 *       SERIALIZABLE scan that covered that gap. Deleting K holds X on the gap before K's
 *       successor until the end (K's position joins that gap), so no scan can pass over the
 *       uncommitted deletion.</li>
 *   <li>Point read of K: S on row K (held to the end under SERIALIZABLE, released after the
 *       read under READ COMMITTED). The row lock is taken whether or not K exists, which also
 *       keeps K from being inserted meanwhile.</li>
 *   <li>Scans: S on each row returned and on the gap before it, and at the end on the gap
 *       after the last row of the range (see {@link LockingCursor}).</li>
 * </ul>
 *
 * <h2>Log fields</h2>
 * {@code firstLsn}, {@code lastLsn}, {@code undoNextLsn} and {@code finishedInLog} change
 * only inside the log's append (the {@code appended} callback), so a checkpoint's snapshot
 * of them matches the log exactly.
 */
final class EngineTransaction implements Transaction {

    /** Undo bytes per change: with the page redo it must fit one log record (512 KiB by default). */
    static final int MAX_UNDO_BYTES = 256 * 1024;

    private final TransactionManager tm;
    private final long id;
    private final IsolationLevel isolation;
    private boolean active = true;

    volatile long firstLsn;
    volatile long lastLsn;
    volatile long undoNextLsn;
    volatile boolean finishedInLog;

    /** One undoable change, newest last. */
    private record UndoEntry(long lsn, UndoOp op) {
    }

    private final List<UndoEntry> undo = new ArrayList<>();
    private final List<Long> intentionLocked = new ArrayList<>();

    EngineTransaction(TransactionManager tm, long id, IsolationLevel isolation) {
        this.tm = tm;
        this.id = id;
        this.isolation = isolation;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public IsolationLevel isolation() {
        return isolation;
    }

    @Override
    public boolean active() {
        return active;
    }

    private void checkActive() {
        if (!active) {
            throw new IllegalStateException("transaction " + id + " has ended");
        }
    }

    static BTree tree(KvTree tree) {
        if (tree instanceof BTree b) {
            return b;
        }
        throw new IllegalArgumentException("not a tree of this engine: " + tree);
    }

    // ---------------------------------------------------------------- locking

    void lock(LockResource r, LockMode mode) {
        tm.locks.acquire(id, r, mode, tm.lockTimeout);
    }

    private void intention(BTree t, LockMode mode) {
        long table = t.metaPage();
        LockMode held = tm.locks.heldMode(id, LockResource.table(table));
        if (held != null && held.covers(mode)) {
            return;
        }
        lock(LockResource.table(table), mode);
        if (held == null) {
            intentionLocked.add(table);
        }
    }

    /** Read lock on {@code r}; under READ COMMITTED it is released by {@link #readDone} unless held before. */
    boolean readLock(LockResource r) {
        LockMode before = tm.locks.heldMode(id, r);
        if (before != null) {
            return false;
        }
        lock(r, LockMode.S);
        return isolation == IsolationLevel.READ_COMMITTED;
    }

    void readDone(LockResource r, boolean release) {
        if (release) {
            tm.locks.release(id, r);
        }
    }

    private static BTree.Probe probe(BTree t, byte[] key) {
        return t.probe(key);
    }

    /**
     * X on the gap a new {@code key} falls into, for an instant (it waits for scans that
     * covered the gap). The successor was read before the lock: if a key arrived in between,
     * the gap is now a different one, so look again under the lock.
     */
    private void insertIntoGap(BTree t, byte[] key, byte[] successor) {
        for (;;) {
            LockResource gap = LockResource.gapBefore(t.metaPage(), successor);
            LockMode before = tm.locks.heldMode(id, gap);
            lock(gap, LockMode.X);
            byte[] now = t.successor(key);
            if (before == null) {
                tm.locks.release(id, gap);
            }
            if (java.util.Arrays.equals(now, successor)) {
                return;
            }
            successor = now;
        }
    }

    /** X until the end on the gap a deleted {@code key} joins (the gap before its successor). */
    private void deleteFromGap(BTree t, byte[] key, byte[] successor) {
        for (;;) {
            lock(LockResource.gapBefore(t.metaPage(), successor), LockMode.X);
            byte[] now = t.successor(key);
            if (java.util.Arrays.equals(now, successor)) {
                return;
            }
            successor = now;
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public byte[] get(KvTree tree, byte[] key) {
        checkActive();
        BTree t = tree(tree);
        intention(t, LockMode.IS);
        LockResource row = LockResource.row(t.metaPage(), key);
        boolean release = readLock(row);
        try {
            return t.get(key);
        } finally {
            readDone(row, release);
        }
    }

    @Override
    public TreeCursor scan(KvTree tree, KeyRange range, boolean descending) {
        checkActive();
        BTree t = tree(tree);
        intention(t, LockMode.IS);
        return new LockingCursor(this, t, range, descending);
    }

    @Override
    public void lockRow(KvTree tree, byte[] key, boolean exclusive) {
        checkActive();
        BTree t = tree(tree);
        intention(t, exclusive ? LockMode.IX : LockMode.IS);
        lock(LockResource.row(t.metaPage(), key), exclusive ? LockMode.X : LockMode.S);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(KvTree tree, byte[] key, byte[] value) {
        BTree t = prepareWrite(tree, key);
        BTree.Probe p = probe(t, key);
        if (p.value() == null) {
            insertIntoGap(t, key, p.successor());
        }
        logged(p.value() == null ? UndoOp.remove(t.metaPage(), key) : UndoOp.restore(t.metaPage(), key, p.value()),
                () -> {
                    t.put(key, value);
                    return true;
                });
    }

    @Override
    public boolean insert(KvTree tree, byte[] key, byte[] value) {
        checkActive();
        BTree t = tree(tree);
        intention(t, LockMode.IX);
        if (insertInOneDescent(t, key, value)) {
            return true;
        }
        return insertInGeneral(tree, key, value);
    }

    private boolean insertInGeneral(KvTree tree, byte[] key, byte[] value) {
        BTree t = prepareWrite(tree, key);
        BTree.Probe p = probe(t, key);
        if (p.value() != null) {
            return false;
        }
        insertIntoGap(t, key, p.successor());
        return logged(UndoOp.remove(t.metaPage(), key), () -> t.insert(key, value));
    }

    /**
     * The common case of an insert in one descent: with the leaf latched, the key absent, its
     * successor in the same leaf and room for it, the row's X lock and an instant X lock on
     * its gap are taken without waiting, and the key is inserted (logged like any change).
     * The latch makes the successor exact, so the gap cannot change between lock and insert.
     * Returns false, having changed nothing, whenever any of that does not hold (or the key
     * exists: its holder may still roll back); the caller then takes the general path.
     * Locks taken without waiting under a latch cannot deadlock: no latch is ever awaited
     * while a lock-manager monitor is held.
     */
    private boolean insertInOneDescent(BTree t, byte[] key, byte[] value) {
        long table = t.metaPage();
        LockResource row = LockResource.row(table, key);
        BTree.Admission admission = successor -> {
            if (!tm.locks.tryAcquire(id, row, LockMode.X)) {
                return false;
            }
            LockResource gap = LockResource.gapBefore(table, successor);
            if (tm.locks.heldMode(id, gap) != null) {
                return true; // our own gap lock: nobody else's scan covers the gap
            }
            if (!tm.locks.tryAcquire(id, gap, LockMode.X)) {
                return false;
            }
            tm.locks.release(id, gap);
            return true;
        };
        boolean[] inserted = new boolean[1];
        logged(UndoOp.remove(table, key), () -> {
            inserted[0] = t.insertIfAdmitted(key, value, admission) == BTree.Admitted.INSERTED;
            return inserted[0];
        });
        return inserted[0];
    }

    @Override
    public boolean delete(KvTree tree, byte[] key) {
        BTree t = prepareWrite(tree, key);
        BTree.Probe p = probe(t, key);
        if (p.value() == null) {
            return false;
        }
        deleteFromGap(t, key, p.successor());
        return logged(UndoOp.restore(t.metaPage(), key, p.value()), () -> t.delete(key));
    }

    private BTree prepareWrite(KvTree tree, byte[] key) {
        checkActive();
        BTree t = tree(tree);
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        intention(t, LockMode.IX);
        lock(LockResource.row(t.metaPage(), key), LockMode.X);
        return t;
    }

    /** Applies a change as one mini-transaction logged as an UPDATE carrying {@code op}. */
    private boolean logged(UndoOp op, BooleanSupplier change) {
        long prev = lastLsn;
        byte[] undoBytes = op.encode();
        if (undoBytes.length > MAX_UNDO_BYTES) {
            throw new IllegalArgumentException("the old value of this key is " + op.value().length
                    + " bytes; a transaction can overwrite or delete values of at most " + MAX_UNDO_BYTES / 1024
                    + " KiB (its undo must fit one log record)");
        }
        MiniTransaction.LogContext ctx = new MiniTransaction.LogContext(LogRecordType.UPDATE.code(), id, prev,
                undoBytes) {
            @Override
            public void appended(long lsn) {
                recordAppended(lsn, lsn);
            }
        };
        boolean[] result = new boolean[1];
        long lsn = MiniTransaction.runForLsn(tm.pool, ctx, () -> result[0] = change.getAsBoolean());
        if (lsn != 0) {
            undo.add(new UndoEntry(lsn, op));
        }
        return result[0];
    }

    private void recordAppended(long lsn, long undoNext) {
        if (firstLsn == 0) {
            firstLsn = lsn;
        }
        lastLsn = lsn;
        undoNextLsn = undoNext;
    }

    // ---------------------------------------------------------------- savepoints and ends

    private record Mark(String name, EngineTransaction owner, int undoSize) implements Savepoint {
    }

    @Override
    public Savepoint savepoint(String name) {
        checkActive();
        return new Mark(name, this, undo.size());
    }

    @Override
    public void rollbackTo(Savepoint savepoint) {
        checkActive();
        if (!(savepoint instanceof Mark m) || m.owner != this) {
            throw new IllegalArgumentException("savepoint " + savepoint.name() + " belongs to another transaction");
        }
        if (m.undoSize > undo.size()) {
            throw new IllegalArgumentException("savepoint " + m.name + " was rolled back past");
        }
        undoTo(m.undoSize);
    }

    private void undoTo(int size) {
        while (undo.size() > size) {
            UndoEntry e = undo.removeLast();
            long undoNext = undo.isEmpty() ? 0 : undo.getLast().lsn;
            tm.undo(id, lastLsn, e.op, undoNext, lsn -> recordAppended(lsn, undoNext));
        }
    }

    @Override
    public void commit() {
        commit(new byte[0]);
    }

    @Override
    public long commit(byte[] annotation) {
        checkActive();
        try {
            if (lastLsn == 0) {
                return 0;
            }
            byte[] payload = ByteBuffer.allocate(8 + annotation.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(0, System.currentTimeMillis() * 1000).put(8, annotation).array();
            long lsn = tm.log.appendControl(LogRecordType.COMMIT, id, lastLsn, payload, l -> finishedInLog = true);
            if (!tm.asyncCommit) {
                tm.log.wal().flush(lsn);
            }
            return lsn;
        } finally {
            // After a failed flush the commit's fate is unknown (fail-stop): locks go anyway,
            // the engine refuses further writes, and recovery decides.
            finish();
        }
    }

    @Override
    public long logMessage(byte[] payload) {
        checkActive();
        return tm.log.appendControl(LogRecordType.MESSAGE, id, 0, payload, l -> { });
    }

    @Override
    public void rollback() {
        checkActive();
        try {
            undoTo(0);
            if (lastLsn != 0) {
                tm.end(id, lastLsn, l -> finishedInLog = true);
            }
        } finally {
            finish();
        }
    }

    private void finish() {
        active = false;
        tm.locks.releaseAll(id);
        tm.ended(this);
    }

    @Override
    public void close() {
        if (active) {
            rollback();
        }
    }

    @Override
    public String toString() {
        return "transaction " + id + " (" + isolation + ")";
    }
}
