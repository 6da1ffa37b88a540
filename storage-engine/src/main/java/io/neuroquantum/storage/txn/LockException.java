package io.neuroquantum.storage.txn;

import io.neuroquantum.storage.page.StorageException;

/**
 * A lock request failed: a deadlock (this transaction was chosen as the victim) or the
 * lock wait timeout passed. Either way the transaction should roll back and may be retried.
 */
public final class LockException extends StorageException {

    public enum Reason { DEADLOCK, TIMEOUT }

    private final Reason reason;

    public LockException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Retrying the whole transaction may succeed. */
    public boolean retryable() {
        return true;
    }
}
