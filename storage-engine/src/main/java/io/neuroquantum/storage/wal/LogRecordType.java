package io.neuroquantum.storage.wal;

/** The byte at offset 8 of a log record. Zero never occurs: it marks unwritten log space. */
public enum LogRecordType {
    /** Filler to the end of a segment; the log continues in the next one. */
    SKIP(1),
    BEGIN(2),
    /** Payload: commit time, microseconds since the epoch (point-in-time recovery stops on it). */
    COMMIT(3),
    ABORT(4),
    /** The transaction's undo is complete (after COMMIT or ABORT). */
    END(5),
    /** A transaction's change: logical undo and the page redo of the mini-transaction that applied it. */
    UPDATE(6),
    /** Compensation log record: redo-only, written while undoing; carries undoNextLsn. */
    CLR(7),
    CHECKPOINT_BEGIN(8),
    /** Payload: dirty page table and active transaction table. */
    CHECKPOINT_END(9),
    /** Reserved (full page images travel inside UPDATE, CLR and REDO records, see PageRedo). */
    PAGE_IMAGE(10),
    /** A redo-only change of pages outside any transaction (structure, allocation, non-transactional writes). */
    REDO(11),
    /**
     * A logical message of a transaction (the table layer's change-feed chunks): carries its
     * transaction id but is outside the undo chain (prevLSN 0); redo and undo skip it.
     */
    MESSAGE(12);

    private final byte code;

    LogRecordType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type with this code, or null if none (the record is then invalid). */
    public static LogRecordType of(byte code) {
        for (LogRecordType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
