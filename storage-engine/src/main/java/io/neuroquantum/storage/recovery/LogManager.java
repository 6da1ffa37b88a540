package io.neuroquantum.storage.recovery;

import io.neuroquantum.storage.buffer.MiniTransaction;
import io.neuroquantum.storage.buffer.PageRedo;
import io.neuroquantum.storage.buffer.RedoLog;
import io.neuroquantum.storage.buffer.WriteAheadRule;
import io.neuroquantum.storage.wal.LogRecordType;
import io.neuroquantum.storage.wal.WriteAheadLog;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;

/**
 * Connects the buffer pool to the write-ahead log: mini-transactions become records
 * ({@link RedoLog}), and write-back waits for the log ({@link WriteAheadRule}).
 *
 * <h2>Full page images</h2>
 * The first change of a page after a checkpoint began is logged with the whole page
 * (mode IMAGE) instead of its operations. A page write torn by a crash is then never
 * needed by redo: every page written after the checkpoint's redo point was changed after
 * it, so its first record in the redo range restores it completely. The image decision
 * and the append happen under the read side of {@code gate}; a checkpoint moves the
 * boundary under the write side, so a record is an image exactly when its page's previous
 * LSN lies before the boundary in force when the record got its LSN.
 */
public final class LogManager implements RedoLog, WriteAheadRule {

    private final WriteAheadLog wal;
    private final int pageSize;
    private final StampedLock gate = new StampedLock();
    private volatile long imageBoundary;
    private final LongAdder bytesLogged = new LongAdder();

    public LogManager(WriteAheadLog wal, int pageSize, long imageBoundary) {
        this.wal = wal;
        this.pageSize = pageSize;
        this.imageBoundary = imageBoundary;
    }

    public WriteAheadLog wal() {
        return wal;
    }

    @Override
    public long append(MiniTransaction.LogContext context, List<PageRedo> pages) {
        LogRecordType type = context.type == 0 ? LogRecordType.REDO : LogRecordType.of(context.type);
        long stamp = gate.readLock();
        try {
            RedoRecord.Encoder payload = new RedoRecord.Encoder(context.prefix, pages, imageBoundary, pageSize);
            bytesLogged.add(payload.size());
            long lsn = wal.append(type, context.txnId, context.prevLsn, payload);
            context.appended(lsn);
            return lsn;
        } finally {
            gate.unlockRead(stamp);
        }
    }

    /**
     * Appends a record that changes no page (COMMIT, END, an empty CLR) atomically with
     * respect to checkpoints, calling {@code appended} with its LSN inside.
     */
    public long appendControl(LogRecordType type, long txnId, long prevLsn, byte[] payload,
            java.util.function.LongConsumer appended) {
        long stamp = gate.readLock();
        try {
            long lsn = wal.append(type, txnId, prevLsn, payload);
            appended.accept(lsn);
            return lsn;
        } finally {
            gate.unlockRead(stamp);
        }
    }

    /**
     * Runs {@code snapshot} with no record being appended, after moving the image boundary to
     * the end of the log; returns that redo point. A checkpoint takes its transaction table here.
     */
    public long beginCheckpoint(Runnable snapshot) {
        long stamp = gate.writeLock();
        try {
            long redo = wal.endLsn();
            imageBoundary = redo;
            snapshot.run();
            return redo;
        } finally {
            gate.unlockWrite(stamp);
        }
    }

    @Override
    public void awaitDurable(long pageLsn) {
        if (pageLsn > 0) {
            wal.flush(pageLsn);
        }
    }

    /** Payload bytes of page redo logged since the engine opened. */
    public long bytesLogged() {
        return bytesLogged.sum();
    }
}
