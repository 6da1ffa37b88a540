package io.neuroquantum.storage.changes;

import io.neuroquantum.storage.api.Transaction;
import io.neuroquantum.storage.catalog.Column;
import io.neuroquantum.storage.catalog.ColumnType;
import io.neuroquantum.storage.catalog.TableSchema;
import io.neuroquantum.storage.row.ByteSink;
import io.neuroquantum.storage.row.RowCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects one transaction's row changes for the change feed and writes them to the log in
 * chunks (format in {@code docs/formats/change-feed.md}):
 *
 * <pre>
 * chunk   = | u8 format = 1 | i64 LSN of the previous chunk (0: none) | entry ... |
 * entry   = | u8 1 (table) | varint ref | str name | u16 n | per column: str name, u8 type |
 *                                        u16 k | u16 key position ... |
 *         | | u8 2 (change) | varint ref | u8 op | varint seq | bytes new row | bytes old row |
 *         | | u8 3 (truncate) | varint seq |  -- changes with seq >= this were rolled back
 * rows    = RowCodec over all columns of the table (length 0: none)
 * </pre>
 *
 * Full chunks go out as MESSAGE records while the transaction runs (bounded memory); the
 * last one rides in the COMMIT record. Table entries are written once per transaction and
 * referenced by number, so a chunk sequence decodes without the catalog (tables dropped
 * since stay readable). Not thread-safe: one per transaction.
 */
public final class ChangeBuffer {

    static final int FORMAT = 1;
    static final int TABLE = 1;
    static final int CHANGE = 2;
    static final int TRUNCATE = 3;

    private final Transaction txn;
    private final int chunkBytes;
    private final Map<TableSchema, Integer> refs = new IdentityHashMap<>();
    private final Map<TableSchema, RowCodec> codecs = new IdentityHashMap<>();
    private ByteSink chunk;
    private long previousChunk;
    private int seq;
    private boolean empty = true;

    public ChangeBuffer(Transaction txn, int chunkBytes) {
        this.txn = txn;
        this.chunkBytes = chunkBytes;
        startChunk();
    }

    private void startChunk() {
        chunk = new ByteSink(1024);
        chunk.u8(FORMAT);
        chunk.i64(previousChunk);
    }

    /** Records a change; {@code newRow}/{@code oldRow} hold every column (null where absent). */
    public void record(TableSchema table, ChangeOp op, Object[] newRow, Object[] oldRow) {
        Integer ref = refs.get(table);
        if (ref == null) {
            ref = refs.size();
            refs.put(table, ref);
            writeTable(ref, table);
        }
        RowCodec codec = codecs.computeIfAbsent(table, t -> new RowCodec(types(t), t.version()));
        int[] all = allPositions(table);
        chunk.u8(CHANGE);
        chunk.varint(ref);
        chunk.u8(op.code);
        chunk.varint(seq++);
        chunk.bytes(newRow == null ? new byte[0] : codec.encode(newRow, all));
        chunk.bytes(oldRow == null ? new byte[0] : codec.encode(oldRow, all));
        empty = false;
        if (chunk.size() >= chunkBytes) {
            previousChunk = txn.logMessage(chunk.toByteArray());
            startChunk();
        }
    }

    private void writeTable(int ref, TableSchema t) {
        chunk.u8(TABLE);
        chunk.varint(ref);
        chunk.bytes(t.name().getBytes(StandardCharsets.UTF_8));
        chunk.u16(t.columns().size());
        for (Column c : t.columns()) {
            chunk.bytes(c.name().getBytes(StandardCharsets.UTF_8));
            chunk.u8(c.type().ordinal());
        }
        chunk.u16(t.primaryKey().size());
        for (int p : t.primaryKey()) {
            chunk.u16(p);
        }
    }

    private static List<ColumnType> types(TableSchema t) {
        List<ColumnType> types = new ArrayList<>();
        t.columns().forEach(c -> types.add(c.type()));
        return types;
    }

    private static int[] allPositions(TableSchema t) {
        int[] all = new int[t.columns().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The sequence number the next change gets (a statement or savepoint boundary). */
    public int mark() {
        return seq;
    }

    /** Forgets the changes recorded since {@code mark} (a rolled-back statement or savepoint). */
    public void truncate(int mark) {
        if (mark >= seq) {
            return;
        }
        chunk.u8(TRUNCATE);
        chunk.varint(mark);
        seq = mark;
    }

    /** The annotation for the COMMIT record: the last chunk, or nothing if no change was recorded. */
    public byte[] finish() {
        return empty ? new byte[0] : chunk.toByteArray();
    }
}
