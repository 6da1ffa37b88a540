package io.neuroquantum.storage.buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A group of page changes that reaches the log as one atomic record: a B+ tree insert
 * with its split, a merge with the page it frees, an undo step. Recovery replays a
 * mini-transaction completely or not at all, so the trees are structurally consistent
 * after any crash.
 *
 * <h2>Protocol</h2>
 * Code runs a mini-transaction with {@link #run}; while it runs, every page the thread
 * latches exclusively through the pool joins it. Closing a changed page's guard keeps the
 * latch; {@link #commit()} then appends one record with the redo of every changed page
 * (through the pool's {@link RedoLog}), stamps the record's LSN into those pages, marks
 * them dirty and only then releases them. So no other thread and no write-back can see a
 * change before the log has it, and a page's changes reach the log in the order they were
 * made (the WAL rule at write-back does the rest).
 *
 * <p>A page requested again while the mini-transaction holds it is handed back (the same
 * guard), so allocating twice in a split does not deadlock on the file header. Work that
 * must come after every other latch ({@link #defer}, e.g. freeing pages, which latches the
 * file header) runs just before the record is written.
 *
 * <p>Latch order inside a mini-transaction follows the B+ tree's (down the tree, left to
 * right, the file header last); since changed pages stay latched, code must acquire every
 * tree page it may need before it first allocates or frees a page.
 */
public final class MiniTransaction {

    /** The mini-transaction this thread runs (a plain thread-local: set and cleared by {@link #run}). */
    private static final ThreadLocal<MiniTransaction> CURRENT = new ThreadLocal<>();

    private final BufferPool pool;
    /** Pages latched exclusively, in acquisition order (a handful: a linear search beats a map). */
    private final List<WriteGuard> order = new ArrayList<>(4);
    private List<Runnable> deferred;
    private final LogContext context;
    private boolean done;
    private long lsn;

    /** What the record is besides its page redo (filled by the transaction layer). */
    public static class LogContext {
        public final byte type;
        public final long txnId;
        public final long prevLsn;
        /** Type-specific bytes before the page redo: the undo of an UPDATE, the undoNextLsn of a CLR. */
        public final byte[] prefix;

        public LogContext(byte type, long txnId, long prevLsn, byte[] prefix) {
            this.type = type;
            this.txnId = txnId;
            this.prevLsn = prevLsn;
            this.prefix = prefix;
        }

        /**
         * Called by the log with the record's LSN while the append is still atomic with respect
         * to checkpoints (a transaction updates its last LSN here, so that a checkpoint sees
         * either the record and the new last LSN, or neither).
         */
        public void appended(long lsn) {
        }
    }

    private MiniTransaction(BufferPool pool, LogContext context) {
        this.pool = pool;
        this.context = context;
    }

    /**
     * Runs {@code work} as one mini-transaction and commits it; returns the work's result.
     * Nested calls join the outer mini-transaction. If the work throws, pages it changed are
     * still logged (their changes are real and partial structural work is never left
     * half-visible in memory without its log), then the exception propagates.
     */
    public static <T> T run(BufferPool pool, LogContext context, Supplier<T> work) {
        if (CURRENT.get() != null) {
            return work.get();
        }
        MiniTransaction mtr = new MiniTransaction(pool, context);
        T result;
        CURRENT.set(mtr);
        try {
            result = work.get();
            mtr.runDeferred();
        } catch (Throwable t) {
            CURRENT.set(null);
            mtr.commitAfterFailure(t);
            throw t;
        }
        CURRENT.set(null);
        mtr.commit();
        return result;
    }

    /** The LSN of the record of the most recent mini-transaction committed by {@link #run} on this thread. */
    public long lsn() {
        return lsn;
    }

    /** Like {@link #run} but returns the commit LSN (0 if nothing changed). */
    public static long runForLsn(BufferPool pool, LogContext context, Runnable work) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a mini-transaction is already running on this thread");
        }
        MiniTransaction mtr = new MiniTransaction(pool, context);
        CURRENT.set(mtr);
        try {
            work.run();
            mtr.runDeferred();
        } catch (Throwable t) {
            CURRENT.set(null);
            mtr.commitAfterFailure(t);
            throw t;
        }
        CURRENT.set(null);
        mtr.commit();
        return mtr.lsn;
    }

    /** The mini-transaction running on this thread, or null. */
    static MiniTransaction current() {
        return CURRENT.get();
    }

    /** Whether this thread runs a mini-transaction. */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /** Runs {@code action} at commit, before the record is written (or now, outside a mini-transaction). */
    public static void defer(Runnable action) {
        MiniTransaction mtr = current();
        if (mtr == null) {
            action.run();
        } else {
            if (mtr.deferred == null) {
                mtr.deferred = new ArrayList<>(2);
            }
            mtr.deferred.add(action);
        }
    }

    WriteGuard heldGuard(long pageId) {
        for (int i = 0, n = order.size(); i < n; i++) {
            WriteGuard g = order.get(i);
            if (g.pageId == pageId) {
                return g;
            }
        }
        return null;
    }

    void join(WriteGuard g) {
        order.add(g);
    }

    void forget(WriteGuard g) {
        order.remove(g);
    }

    /** Runs the deferred work, inside the mini-transaction's scope (it may latch more pages and defer more). */
    private void runDeferred() {
        if (deferred == null) {
            return;
        }
        for (int i = 0; i < deferred.size(); i++) {
            deferred.get(i).run();
        }
        deferred.clear();
    }

    private void commit() {
        if (done) {
            return;
        }
        done = true;
        List<PageRedo> changed = new ArrayList<>(order.size());
        for (WriteGuard g : order) {
            if (g.redo.changed()) {
                changed.add(g.redo);
            }
        }
        try {
            if (!changed.isEmpty()) {
                try {
                    lsn = pool.redoLog().append(context, changed);
                } catch (RuntimeException e) {
                    pool.failStop(e); // these pages now hold changes the log does not have
                    throw e;
                }
                for (PageRedo r : changed) {
                    r.guard.stampLsn(lsn);
                    Frame f = r.guard.frame;
                    if (!f.dirty) {
                        f.recLsn = lsn;
                    }
                }
            }
        } finally {
            for (WriteGuard g : order) {
                g.release(g.redo.changed());
            }
            order.clear();
        }
    }

    private void commitAfterFailure(Throwable t) {
        try {
            commit();
        } catch (Throwable second) {
            if (second != t) {
                t.addSuppressed(second);
            }
        }
    }

    static MiniTransaction replayMarker() {
        return new MiniTransaction(null, null);
    }

    /** Logs a changed page that was latched outside any mini-transaction, alone. */
    static void logAlone(BufferPool pool, WriteGuard g) {
        MiniTransaction mtr = new MiniTransaction(pool, RedoLog.SYSTEM);
        mtr.order.add(g);
        mtr.commit();
    }
}
