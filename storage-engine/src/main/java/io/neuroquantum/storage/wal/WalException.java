package io.neuroquantum.storage.wal;

import io.neuroquantum.storage.page.StorageException;

/**
 * The log cannot accept or make durable more records: an fsync or write failed, or the
 * disk is full. The log stops (fail-stop) and every later append or flush gets this
 * error naming the original cause; nothing written after the failure is reported durable.
 * Restarting the engine recovers from what is on disk.
 */
public final class WalException extends StorageException {

    public WalException(String message, Throwable cause) {
        super(message, cause);
    }
}
