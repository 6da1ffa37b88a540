package io.neuroquantum.storage.txn;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What is locked: a whole table, one row (by primary-key bytes), or the gap just below a
 * key (for key-range locking under SERIALIZABLE: locking the gap before K keeps others from
 * inserting keys between K's predecessor and K). A null key in a gap lock means the gap
 * after the last key.
 */
public record LockResource(Kind kind, long tableId, byte[] key) {

    public enum Kind { TABLE, ROW, GAP }

    public static LockResource table(long tableId) {
        return new LockResource(Kind.TABLE, tableId, null);
    }

    public static LockResource row(long tableId, byte[] key) {
        return new LockResource(Kind.ROW, tableId, key.clone());
    }

    /** The gap between {@code key}'s predecessor and {@code key} (null: the gap at the end). */
    public static LockResource gapBefore(long tableId, byte[] key) {
        return new LockResource(Kind.GAP, tableId, key == null ? null : key.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LockResource r && r.kind == kind && r.tableId == tableId && Arrays.equals(r.key, key);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + Long.hashCode(tableId)) * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TABLE -> "table " + tableId;
            case ROW -> "row " + HexFormat.of().formatHex(key) + " of table " + tableId;
            case GAP -> "gap before " + (key == null ? "the end" : HexFormat.of().formatHex(key)) + " of table " + tableId;
        };
    }
}
