package io.neuroquantum.storage.changes;

import io.neuroquantum.storage.catalog.ColumnType;
import io.neuroquantum.storage.row.ByteSource;
import io.neuroquantum.storage.row.RowCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * One committed transaction's changes, decoded chunk by chunk (oldest first) so that memory
 * stays at one chunk whatever the transaction's size.
 *
 * <p>A TRUNCATE entry (a rolled-back statement or savepoint) removes changes written before
 * it, possibly in earlier chunks, so the first pass reads the chunk chain backwards from
 * the COMMIT and notes only where truncations are; the second pass decodes and emits. A
 * change survives iff every TRUNCATE after it has a mark above its sequence number (marks
 * and sequence numbers: see {@link ChangeBuffer}).
 */
final class TransactionChanges {

    private record Table(String name, List<String> columns, List<Integer> key, RowCodec codec) {
    }

    private final long lsn;
    private final Instant time;
    private final long txn;
    private final LongFunction<byte[]> readChunk;
    /** Chunk LSNs, oldest first; the last chunk is the COMMIT's annotation ({@code lastChunk}). */
    private final List<Long> chunkLsns = new ArrayList<>();
    private final byte[] lastChunk;
    /** Truncations in order: the number of changes before each, and its mark. */
    private final List<long[]> truncations = new ArrayList<>();
    /** suffixMin[i]: the smallest mark of truncations i, i+1, ... */
    private int[] suffixMin;
    private final Map<Integer, Table> tables = new HashMap<>();
    private int nextChunk;
    private long changeOrdinal;
    private int truncationIndex;
    private int emitted;

    TransactionChanges(long lsn, Instant time, long txn, byte[] lastChunk, LongFunction<byte[]> readChunk) {
        this.lsn = lsn;
        this.time = time;
        this.txn = txn;
        this.lastChunk = lastChunk;
        this.readChunk = readChunk;
        scanTruncations();
    }

    long lsn() {
        return lsn;
    }

    /** Pass one: the chunk chain and where the truncations are, without decoding rows. */
    private void scanTruncations() {
        List<long[]> changeCounts = new ArrayList<>(); // per chunk, newest first: {count}
        List<List<long[]>> perChunk = new ArrayList<>(); // per chunk, newest first: {local changes before, mark}
        byte[] chunk = lastChunk;
        long chunkLsn = 0;
        for (;;) {
            ByteSource in = header(chunk);
            long previous = in.i64();
            List<long[]> local = new ArrayList<>();
            long changes = 0;
            while (in.hasRemaining()) {
                int kind = in.u8();
                switch (kind) {
                    case ChangeBuffer.TABLE -> {
                        in.varint();
                        in.bytes();
                        int n = in.u16();
                        for (int i = 0; i < n; i++) {
                            in.bytes();
                            in.u8();
                        }
                        int k = in.u16();
                        in.skip(2 * k);
                    }
                    case ChangeBuffer.CHANGE -> {
                        in.varint();
                        in.u8();
                        in.varint();
                        in.skip(in.varint());
                        in.skip(in.varint());
                        changes++;
                    }
                    case ChangeBuffer.TRUNCATE -> local.add(new long[] {changes, in.varint()});
                    default -> throw new IllegalArgumentException("unknown change entry " + kind);
                }
            }
            changeCounts.add(new long[] {changes});
            perChunk.add(local);
            if (chunkLsn != 0) {
                chunkLsns.add(chunkLsn);
            }
            if (previous == 0) {
                break;
            }
            chunkLsn = previous;
            chunk = readChunk.apply(previous);
        }
        java.util.Collections.reverse(chunkLsns);
        long before = 0;
        for (int c = perChunk.size() - 1; c >= 0; c--) {
            for (long[] t : perChunk.get(c)) {
                truncations.add(new long[] {before + t[0], t[1]});
            }
            before += changeCounts.get(c)[0];
        }
        suffixMin = new int[truncations.size() + 1];
        suffixMin[truncations.size()] = Integer.MAX_VALUE;
        for (int i = truncations.size() - 1; i >= 0; i--) {
            suffixMin[i] = (int) Math.min(suffixMin[i + 1], truncations.get(i)[1]);
        }
    }

    private static ByteSource header(byte[] chunk) {
        ByteSource in = new ByteSource(chunk, 0);
        if (in.u8() != ChangeBuffer.FORMAT) {
            throw new IllegalArgumentException("unknown change chunk format");
        }
        return in;
    }

    /** Pass two: decodes the next chunk's surviving changes into {@code out}; false when none is left. */
    boolean nextChunk(ArrayDeque<ChangeEvent> out) {
        if (nextChunk > chunkLsns.size()) {
            return false;
        }
        byte[] chunk = nextChunk < chunkLsns.size() ? readChunk.apply(chunkLsns.get(nextChunk)) : lastChunk;
        nextChunk++;
        ByteSource in = header(chunk);
        in.i64();
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
                    tables.put(ref, new Table(name, cols, key, new RowCodec(types, 0)));
                }
                case ChangeBuffer.CHANGE -> {
                    Table t = tables.get(in.varint());
                    ChangeOp op = ChangeOp.of(in.u8());
                    int seq = in.varint();
                    byte[] newRow = in.bytes();
                    byte[] oldRow = in.bytes();
                    long ordinal = changeOrdinal++;
                    while (truncationIndex < truncations.size() && truncations.get(truncationIndex)[0] <= ordinal) {
                        truncationIndex++; // truncations before this change do not concern it
                    }
                    if (seq < suffixMin[truncationIndex]) {
                        out.add(event(t, op, newRow, oldRow));
                    }
                }
                case ChangeBuffer.TRUNCATE -> in.varint();
                default -> throw new IllegalArgumentException("unknown change entry " + kind);
            }
        }
        return true;
    }

    private ChangeEvent event(Table t, ChangeOp op, byte[] newBytes, byte[] oldBytes) {
        Map<String, Object> newRow = row(t, newBytes);
        Map<String, Object> oldRow = row(t, oldBytes);
        Map<String, Object> source = newRow != null ? newRow : oldRow;
        Map<String, Object> key = new LinkedHashMap<>();
        for (int p : t.key) {
            String col = t.columns.get(p);
            key.put(col, source.get(col));
        }
        return new ChangeEvent(lsn, emitted++, time, txn, t.name, op, key, newRow, oldRow);
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
