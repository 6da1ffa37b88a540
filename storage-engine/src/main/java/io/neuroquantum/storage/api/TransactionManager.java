package io.neuroquantum.storage.api;

import io.neuroquantum.storage.btree.BTree;
import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.MiniTransaction;
import io.neuroquantum.storage.recovery.CheckpointRecord;
import io.neuroquantum.storage.recovery.LogManager;
import io.neuroquantum.storage.txn.LockManager;
import io.neuroquantum.storage.txn.UndoOp;
import io.neuroquantum.storage.wal.LogRecordType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * Begins transactions and keeps the table of active ones (for checkpoints), and runs
 * undo steps, for rollbacks and for recovery alike.
 */
final class TransactionManager {

    final BufferPool pool;
    final LogManager log;
    final LockManager locks;
    final LongFunction<BTree> trees;
    final Duration lockTimeout;
    final boolean asyncCommit;
    private final AtomicLong nextId;
    private final ConcurrentHashMap<Long, EngineTransaction> active = new ConcurrentHashMap<>();

    TransactionManager(BufferPool pool, LogManager log, LockManager locks, LongFunction<BTree> trees, long nextId,
            Duration lockTimeout, boolean asyncCommit) {
        this.pool = pool;
        this.log = log;
        this.locks = locks;
        this.trees = trees;
        this.nextId = new AtomicLong(Math.max(1, nextId));
        this.lockTimeout = lockTimeout;
        this.asyncCommit = asyncCommit;
    }

    EngineTransaction begin(IsolationLevel level) {
        EngineTransaction t = new EngineTransaction(this, nextId.getAndIncrement(), level);
        active.put(t.id(), t);
        return t;
    }

    void ended(EngineTransaction t) {
        active.remove(t.id());
    }

    long nextTxnId() {
        return nextId.get();
    }

    int activeCount() {
        return active.size();
    }

    /**
     * The active transaction table for a checkpoint; called while no record can be
     * appended (see {@link LogManager#beginCheckpoint}). Transactions whose COMMIT or END
     * is already in the log are left out.
     */
    Map<Long, CheckpointRecord.TxnState> snapshot() {
        Map<Long, CheckpointRecord.TxnState> out = new HashMap<>();
        for (EngineTransaction t : active.values()) {
            if (!t.finishedInLog && t.lastLsn != 0) {
                out.put(t.id(), new CheckpointRecord.TxnState(t.firstLsn, t.lastLsn, t.undoNextLsn));
            }
        }
        return out;
    }

    /**
     * Undoes one change: runs the logical undo as a mini-transaction logged as a CLR whose
     * undoNextLsn is {@code undoNext}. Returns the CLR's LSN (a CLR is written even if the
     * undo changed no page, so that the undo chain always moves on).
     */
    long undo(long txnId, long prevLsn, UndoOp op, long undoNext, LongConsumer appended) {
        byte[] prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, undoNext).array();
        MiniTransaction.LogContext ctx = new MiniTransaction.LogContext(LogRecordType.CLR.code(), txnId, prevLsn, prefix) {
            @Override
            public void appended(long lsn) {
                appended.accept(lsn);
            }
        };
        BTree tree = trees.apply(op.tree());
        long lsn = MiniTransaction.runForLsn(pool, ctx, () -> {
            if (op.kind() == UndoOp.Kind.REMOVE) {
                tree.delete(op.key());
            } else {
                tree.put(op.key(), op.value());
            }
        });
        if (lsn == 0) {
            byte[] payload = ByteBuffer.allocate(4 + 8 + 2).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(8).putLong(undoNext).putShort((short) 0).array();
            lsn = log.appendControl(LogRecordType.CLR, txnId, prevLsn, payload, appended);
        }
        return lsn;
    }

    /** Writes the END record of a transaction whose rollback (or recovery undo) is complete. */
    long end(long txnId, long prevLsn, LongConsumer appended) {
        return log.appendControl(LogRecordType.END, txnId, prevLsn, new byte[0], appended);
    }
}
