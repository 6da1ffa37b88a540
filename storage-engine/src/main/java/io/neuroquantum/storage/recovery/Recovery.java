package io.neuroquantum.storage.recovery;

import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.PageRedo;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.page.StorageException;
import io.neuroquantum.storage.txn.UndoOp;
import io.neuroquantum.storage.wal.LogReader;
import io.neuroquantum.storage.wal.LogRecord;
import io.neuroquantum.storage.wal.LogRecordType;
import io.neuroquantum.storage.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ARIES restart: analysis and redo in one forward pass from the last checkpoint's redo
 * point, then undo of the transactions that never committed.
 *
 * <h2>Redo</h2>
 * Every UPDATE, CLR and REDO record from the redo point on is replayed page by page
 * ("repeating history", losers included): an IMAGE or INIT page is installed as logged
 * (without reading the page, which may be torn); a DELTA page is read and its operations
 * applied only if the page LSN is below the record's. Each replayed page gets the record's
 * LSN. Because a mini-transaction is one record, the trees are structurally whole after
 * redo, whatever moment the crash hit.
 *
 * <h2>Analysis</h2>
 * The transaction table starts from the checkpoint's and follows the records: a
 * transaction's last record gives where its undo continues (an UPDATE undoes itself next, a
 * CLR names its undoNextLsn); COMMIT and END remove it. What remains are the losers.
 *
 * <h2>Undo</h2>
 * Each loser's chain is walked back from its undo-next LSN: an UPDATE is undone logically
 * (a CLR is written), a CLR jumps to its undoNextLsn; at the chain's start an END is
 * written. A crash during undo leaves CLRs that the next restart follows instead of undoing
 * twice, so recovery after a crash during recovery reaches the same state.
 */
public final class Recovery {

    private Recovery() {
    }

    /** A transaction that must be rolled back. */
    public record Loser(long txnId, long lastLsn, long undoNextLsn) {
    }

    /** What analysis and redo found. */
    public record Result(long checkpointLsn, long redoLsn, long endLsn, long records, long pagesReplayed,
            long pagesSkipped, List<Loser> losers, long nextTxnId) {
    }

    /** Undo actions, supplied by the transaction layer. */
    public interface UndoSteps {
        /** Undoes {@code op} of transaction {@code txnId}, logging a CLR; returns the CLR's LSN. */
        long undo(long txnId, long prevLsn, UndoOp op, long undoNextLsn);

        /** Logs the END of a rolled-back transaction. */
        void end(long txnId, long prevLsn);
    }

    private static final class Active {
        long lastLsn;
        long undoNext;

        Active(long lastLsn, long undoNext) {
            this.lastLsn = lastLsn;
            this.undoNext = undoNext;
        }
    }

    /** Analysis and redo. */
    public static Result redo(WriteAheadLog wal, Path walDir, BufferPool pool) {
        long checkpointLsn = MasterRecord.read(walDir);
        long redoFrom = 0;
        long nextTxnId = 1;
        Map<Long, Active> att = new HashMap<>();
        if (checkpointLsn != 0) {
            LogRecord r = readAt(wal, checkpointLsn);
            if (r == null || r.type() != LogRecordType.CHECKPOINT_END) {
                throw new StorageException("the checkpoint pointer in " + walDir + " names LSN " + checkpointLsn
                        + ", which holds no checkpoint record");
            }
            CheckpointRecord cp = CheckpointRecord.decode(r.payload());
            redoFrom = cp.redoLsn();
            nextTxnId = cp.nextTxnId();
            cp.activeTxns().forEach((id, t) -> att.put(id, new Active(t.lastLsn(), t.undoNextLsn())));
        }
        long records = 0;
        long replayed = 0;
        long skipped = 0;
        long end;
        try (LogReader reader = wal.reader(redoFrom)) {
            for (LogRecord r; (r = reader.next()) != null; ) {
                records++;
                long txn = r.txnId();
                if (txn >= nextTxnId) {
                    nextTxnId = txn + 1;
                }
                switch (r.type()) {
                    case UPDATE, CLR, REDO -> {
                        RedoRecord rr = decode(r);
                        for (RedoRecord.Page p : rr.pages()) {
                            if (replay(pool, r.lsn(), p)) {
                                replayed++;
                            } else {
                                skipped++;
                            }
                        }
                        if (txn != 0) {
                            long undoNext = r.type() == LogRecordType.UPDATE ? r.lsn() : undoNextOf(rr.prefix());
                            Active a = att.get(txn);
                            if (a == null) {
                                att.put(txn, new Active(r.lsn(), undoNext));
                            } else {
                                a.lastLsn = r.lsn();
                                a.undoNext = undoNext;
                            }
                        }
                    }
                    case COMMIT, END, ABORT -> att.remove(txn);
                    default -> {
                    }
                }
            }
            end = reader.position();
        }
        List<Loser> losers = new ArrayList<>();
        att.forEach((id, a) -> losers.add(new Loser(id, a.lastLsn, a.undoNext)));
        losers.sort((x, y) -> Long.compare(y.lastLsn(), x.lastLsn()));
        return new Result(checkpointLsn, redoFrom, end, records, replayed, skipped, losers, nextTxnId);
    }

    private static RedoRecord decode(LogRecord r) {
        try {
            return RedoRecord.decode(r.payload());
        } catch (IllegalArgumentException e) {
            throw new StorageException("log record at LSN " + r.lsn() + " is malformed: " + e.getMessage(), e);
        }
    }

    static long undoNextOf(byte[] clrPrefix) {
        return ByteBuffer.wrap(clrPrefix).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** Replays one page of a record; false if the page already had it. */
    private static boolean replay(BufferPool pool, long lsn, RedoRecord.Page p) {
        ByteBuffer data = p.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (p.mode()) {
            case IMAGE -> {
                WriteGuard g = pool.writeForRedo(p.pageId(), false);
                byte[] image = new byte[data.remaining()];
                data.get(image);
                g.installImage(image, 0);
                pool.finishRedo(g, lsn);
                return true;
            }
            case INIT -> {
                WriteGuard g = pool.writeForRedo(p.pageId(), false);
                g.zero();
                g.applyRedo(data);
                pool.finishRedo(g, lsn);
                return true;
            }
            case DELTA -> {
                WriteGuard g = pool.writeForRedo(p.pageId(), true);
                if (g.pageLsn() >= lsn) {
                    g.close();
                    return false;
                }
                g.applyRedo(data);
                pool.finishRedo(g, lsn);
                return true;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Undo of every loser; returns the number of changes undone. */
    public static long undo(WriteAheadLog wal, List<Loser> losers, UndoSteps steps) {
        long undone = 0;
        for (Loser l : losers) {
            long prev = l.lastLsn();
            long lsn = l.undoNextLsn();
            while (lsn != 0) {
                LogRecord r = readAt(wal, lsn);
                if (r == null || r.txnId() != l.txnId()) {
                    throw new StorageException("undo chain of transaction " + l.txnId() + " is broken at LSN " + lsn);
                }
                RedoRecord rr = decode(r);
                if (r.type() == LogRecordType.UPDATE) {
                    UndoOp op;
                    try {
                        op = UndoOp.decode(rr.prefix());
                    } catch (IllegalArgumentException e) {
                        throw new StorageException("undo of the record at LSN " + lsn + " is malformed", e);
                    }
                    prev = steps.undo(l.txnId(), prev, op, r.prevLsn());
                    undone++;
                    lsn = r.prevLsn();
                } else if (r.type() == LogRecordType.CLR) {
                    lsn = undoNextOf(rr.prefix());
                } else {
                    throw new StorageException("undo chain of transaction " + l.txnId() + " reaches a " + r.type()
                            + " record at LSN " + lsn);
                }
            }
            steps.end(l.txnId(), prev);
        }
        return undone;
    }

    private static LogRecord readAt(WriteAheadLog wal, long lsn) {
        try (LogReader reader = wal.reader(lsn)) {
            LogRecord r = reader.next();
            return r != null && r.lsn() == lsn ? r : null;
        }
    }
}
