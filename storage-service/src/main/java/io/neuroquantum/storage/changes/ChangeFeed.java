package io.neuroquantum.storage.changes;

import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.catalog.ColumnType;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.row.ByteSource;
import io.neuroquantum.storage.row.RowCodec;
import io.neuroquantum.storage.row.Values;
import io.neuroquantum.storage.wal.LogReader;
import io.neuroquantum.storage.wal.LogRecord;
import io.neuroquantum.storage.wal.LogRecordType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads committed row changes back from the log, in commit order: a COMMIT record carries
 * its transaction's last change chunk and points back at the earlier ones (see
 * {@link ChangeBuffer}). Only durable records are read. Each {@link Cursor} is used by one
 * thread at a time.
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

    /** LSN just past the durable end of the log (where a caught-up cursor waits). */
    public long durableLsn() {
        return engine.durableLsn();
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
        private final ArrayDeque<ChangeEvent> pending = new ArrayDeque<>();

        private Cursor(long from) {
            this.from = from;
        }

        /** Where this cursor resumes: every change of a commit at or after it is still to come. */
        public long position() {
            return pending.isEmpty() ? from : pending.peekFirst().lsn();
        }

        /**
         * Up to {@code max} further events (whole transactions are read at once and handed
         * out across calls); empty when the cursor has caught up with the durable log.
         */
        public List<ChangeEvent> poll(int max) {
            if (pending.isEmpty()) {
                readMore(Math.max(max, 1));
            }
            List<ChangeEvent> out = new ArrayList<>(Math.min(max, pending.size()));
            while (out.size() < max && !pending.isEmpty()) {
                out.add(pending.pollFirst());
            }
            return out;
        }

        private void readMore(int wanted) {
            long durable = engine.durableLsn();
            try (LogReader reader = boundary < 0 ? engine.readLog(from) : engine.readLogAt(boundary)) {
                for (LogRecord r; pending.size() < wanted && (r = reader.next()) != null; ) {
                    if (r.nextLsn() > durable) {
                        break;
                    }
                    boundary = r.nextLsn();
                    if (r.lsn() < from) {
                        continue;
                    }
                    from = r.nextLsn();
                    if (r.type() == LogRecordType.COMMIT && r.payload().length > 8) {
                        decodeTransaction(r);
                    }
                }
            }
            if (engine.oldestLogLsn() > from && pending.isEmpty()) {
                throw StorageProblems.notRetained(from, engine.oldestLogLsn());
            }
        }

        private void decodeTransaction(LogRecord commit) {
            ByteBuffer p = ByteBuffer.wrap(commit.payload()).order(ByteOrder.LITTLE_ENDIAN);
            java.time.Instant time = Values.fromMicros(p.getLong(0));
            byte[] last = java.util.Arrays.copyOfRange(commit.payload(), 8, commit.payload().length);
            List<byte[]> chunks = new ArrayList<>();
            chunks.add(last);
            long prev = previousChunk(last);
            while (prev != 0) {
                byte[] chunk = readChunk(prev, commit);
                chunks.add(chunk);
                prev = previousChunk(chunk);
            }
            Collections.reverse(chunks);
            new TransactionDecoder(commit.lsn(), time, commit.txnId()).decode(chunks, pending);
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

    private static long previousChunk(byte[] chunk) {
        ByteSource in = new ByteSource(chunk, 0);
        if (in.u8() != ChangeBuffer.FORMAT) {
            throw new IllegalArgumentException("unknown change chunk format");
        }
        return in.i64();
    }

    /** Decodes one transaction's chunks, oldest first, into events. */
    private record TransactionDecoder(long lsn, java.time.Instant time, long txn) {

        private record Table(String name, List<String> columns, List<ColumnType> types, List<Integer> key,
                RowCodec codec) {
        }

        private record Raw(int seq, Table table, ChangeOp op, byte[] newRow, byte[] oldRow) {
        }

        void decode(List<byte[]> chunks, ArrayDeque<ChangeEvent> out) {
            Map<Integer, Table> tables = new HashMap<>();
            List<Raw> changes = new ArrayList<>();
            for (byte[] chunk : chunks) {
                ByteSource in = new ByteSource(chunk, 9);
                while (in.hasRemaining()) {
                    int kind = in.u8();
                    switch (kind) {
                        case ChangeBuffer.TABLE -> {
                            int ref = in.varint();
                            String name = new String(in.bytes(), StandardCharsets.UTF_8);
                            int n = in.u16();
                            List<String> cols = new ArrayList<>();
                            List<ColumnType> types = new ArrayList<>();
                            for (int i = 0; i < n; i++) {
                                cols.add(new String(in.bytes(), StandardCharsets.UTF_8));
                                types.add(ColumnType.values()[in.u8()]);
                            }
                            int k = in.u16();
                            List<Integer> key = new ArrayList<>();
                            for (int i = 0; i < k; i++) {
                                key.add(in.u16());
                            }
                            tables.put(ref, new Table(name, cols, types, key, new RowCodec(types, 0)));
                        }
                        case ChangeBuffer.CHANGE -> {
                            Table t = tables.get(in.varint());
                            ChangeOp op = ChangeOp.of(in.u8());
                            int seq = in.varint();
                            changes.add(new Raw(seq, t, op, in.bytes(), in.bytes()));
                        }
                        case ChangeBuffer.TRUNCATE -> {
                            int seq = in.varint();
                            changes.removeIf(c -> c.seq >= seq);
                        }
                        default -> throw new IllegalArgumentException("unknown change entry " + kind);
                    }
                }
            }
            int index = 0;
            for (Raw c : changes) {
                Map<String, Object> newRow = row(c.table, c.newRow);
                Map<String, Object> oldRow = row(c.table, c.oldRow);
                Map<String, Object> source = newRow != null ? newRow : oldRow;
                Map<String, Object> key = new LinkedHashMap<>();
                for (int p : c.table.key) {
                    String col = c.table.columns.get(p);
                    key.put(col, source.get(col));
                }
                out.add(new ChangeEvent(lsn, index++, time, txn, c.table.name, c.op, key, newRow, oldRow));
            }
        }

        private static Map<String, Object> row(Table t, byte[] bytes) {
            if (bytes.length == 0) {
                return null;
            }
            int n = t.columns.size();
            Object[] values = new Object[n];
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            t.codec.decode(bytes, values, all, null);
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                row.put(t.columns.get(i), values[i]);
            }
            return row;
        }
    }
}
