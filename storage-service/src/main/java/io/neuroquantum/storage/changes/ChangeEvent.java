package io.neuroquantum.storage.changes;

import java.time.Instant;
import java.util.Map;

/**
 * One committed row change.
 *
 * @param lsn        the LSN of its transaction's COMMIT record (commit order); resume a feed
 *                   with {@code from = lsn} to see this transaction again, {@code lsn + 1} to skip it
 * @param index      its position among the transaction's changes (0, 1, ...)
 * @param commitTime when the transaction committed
 * @param txn        the transaction id
 * @param key        primary-key columns → values
 * @param newRow     every column after an insert or update (null for a delete)
 * @param oldRow     every column before an update or delete (null for an insert)
 */
public record ChangeEvent(long lsn, int index, Instant commitTime, long txn, String table, ChangeOp op,
        Map<String, Object> key, Map<String, Object> newRow, Map<String, Object> oldRow) {
}
