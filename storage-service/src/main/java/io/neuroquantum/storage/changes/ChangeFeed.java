package io.neuroquantum.storage.changes;

import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.row.Values;
import io.neuroquantum.storage.wal.LogReader;
import io.neuroquantum.storage.wal.LogRecord;
import io.neuroquantum.storage.wal.LogRecordType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads committed row changes back from the log, in commit order: a COMMIT record carries
 * its transaction's last change chunk and points back at the earlier ones (see
 * {@link ChangeBuffer}). Only durable records are read. A transaction is decoded one chunk
 * at a time ({@link TransactionChanges}), so memory stays at about one chunk however large
 * the transaction. Each {@link Cursor} is used by one thread at a time.
 */
public final class ChangeFeed {

    private final StorageEngine engine;

    public ChangeFeed(StorageEngine engine) {
        this.engine = engine;
    }

    /** The oldest LSN a cursor can start from. */
    public long oldestLsn() {
        return engine.oldestLogLsn();
    }

    /**
     * A cursor over transactions whose COMMIT record is at or after {@code from} (0: the
     * oldest retained).
     *
     * @throws io.neuroquantum.platform.problem.ApiProblem 410 if {@code from} is older than the log kept
     */
    public Cursor open(long from) {
        long oldest = engine.oldestLogLsn();
        if (from == 0) {
            from = oldest;
        } else if (from < oldest) {
            throw StorageProblems.notRetained(from, oldest);
        }
        return new Cursor(from);
    }

    /** A position in the feed; {@link #poll} returns what became durable since. */
    public final class Cursor {

        private long from;
        /** The first record boundary at or after {@code from}, once found. */
        private long boundary = -1;
        /** The transaction being handed out, if any. */
        private TransactionChanges current;
        private final ArrayDeque<ChangeEvent> pending = new ArrayDeque<>();

        private Cursor(long from) {
            this.from = from;
        }

        /** Where this cursor resumes: every change of a commit at or after it is still to come. */
        public long position() {
            if (!pending.isEmpty()) {
                return pending.peekFirst().lsn();
            }
            return current != null ? current.lsn() : from;
        }

        /**
         * Up to {@code max} further events; empty when the cursor has caught up with the
         * durable log.
         */
        public List<ChangeEvent> poll(int max) {
            List<ChangeEvent> out = new ArrayList<>(Math.min(max, 1024));
            while (out.size() < max) {
                if (pending.isEmpty() && current != null) {
                    if (!current.nextChunk(pending)) {
                        current = null;
                    }
                    continue;
                }
                if (pending.isEmpty() && !nextTransaction()) {
                    break;
                }
                while (out.size() < max && !pending.isEmpty()) {
                    out.add(pending.pollFirst());
                }
            }
            return out;
        }

        /** Finds the next durable COMMIT with changes; false if there is none yet. */
        private boolean nextTransaction() {
            long durable = engine.durableLsn();
            try (LogReader reader = boundary < 0 ? engine.readLog(from) : engine.readLogAt(boundary)) {
                for (LogRecord r; (r = reader.next()) != null; ) {
                    if (r.nextLsn() > durable) {
                        break;
                    }
                    boundary = r.nextLsn();
                    if (r.lsn() < from) {
                        continue;
                    }
                    from = r.nextLsn();
                    if (r.type() == LogRecordType.COMMIT && r.payload().length > 8) {
                        current = transaction(r);
                        return true;
                    }
                }
            }
            if (engine.oldestLogLsn() > from) {
                throw StorageProblems.notRetained(from, engine.oldestLogLsn());
            }
            return false;
        }

        private TransactionChanges transaction(LogRecord commit) {
            ByteBuffer p = ByteBuffer.wrap(commit.payload()).order(ByteOrder.LITTLE_ENDIAN);
            byte[] last = java.util.Arrays.copyOfRange(commit.payload(), 8, commit.payload().length);
            return new TransactionChanges(commit.lsn(), Values.fromMicros(p.getLong(0)), commit.txnId(), last,
                    lsn -> readChunk(lsn, commit));
        }

        private byte[] readChunk(long lsn, LogRecord commit) {
            if (lsn < engine.oldestLogLsn()) {
                throw StorageProblems.notRetained(commit.lsn(), engine.oldestLogLsn());
            }
            try (LogReader reader = engine.readLogAt(lsn)) {
                LogRecord r = reader.next();
                if (r == null || r.lsn() != lsn || r.type() != LogRecordType.MESSAGE || r.txnId() != commit.txnId()) {
                    throw new IllegalStateException("change chunk at LSN " + lsn + " of the commit at "
                            + commit.lsn() + " is missing");
                }
                return r.payload();
            }
        }
    }
}
