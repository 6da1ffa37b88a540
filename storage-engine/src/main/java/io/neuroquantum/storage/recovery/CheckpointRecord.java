package io.neuroquantum.storage.recovery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Payload of a CHECKPOINT_END record (see docs/formats/wal.md):
 *
 * <pre>
 * | size | field                                                          |
 * |------|----------------------------------------------------------------|
 * |    8 | redo LSN: recovery replays from here                           |
 * |    8 | next transaction id                                            |
 * |    4 | number of active transactions T                                 |
 * |      | T times: u64 txn id, u64 first LSN, u64 last LSN, u64 undo-next LSN |
 * |    4 | number of dirty pages D                                         |
 * |      | D times: u64 page id, u64 recovery LSN                          |
 * </pre>
 */
public record CheckpointRecord(long redoLsn, long nextTxnId, Map<Long, TxnState> activeTxns, Map<Long, Long> dirtyPages) {

    /** What the checkpoint knew about a transaction that was active. */
    public record TxnState(long firstLsn, long lastLsn, long undoNextLsn) {
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 + 32 * activeTxns.size() + 4 + 16 * dirtyPages.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(redoLsn).putLong(nextTxnId).putInt(activeTxns.size());
        activeTxns.forEach((id, t) -> b.putLong(id).putLong(t.firstLsn).putLong(t.lastLsn).putLong(t.undoNextLsn));
        b.putInt(dirtyPages.size());
        dirtyPages.forEach((page, lsn) -> b.putLong(page).putLong(lsn));
        return b.array();
    }

    public static CheckpointRecord decode(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        long redo = b.getLong();
        long next = b.getLong();
        int t = b.getInt();
        Map<Long, TxnState> txns = new LinkedHashMap<>();
        for (int i = 0; i < t; i++) {
            txns.put(b.getLong(), new TxnState(b.getLong(), b.getLong(), b.getLong()));
        }
        int d = b.getInt();
        Map<Long, Long> dirty = new LinkedHashMap<>();
        for (int i = 0; i < d; i++) {
            dirty.put(b.getLong(), b.getLong());
        }
        return new CheckpointRecord(redo, next, txns, dirty);
    }
}
