package io.neuroquantum.storage.api;

/**
 * A point inside a transaction to roll back to ({@link Transaction#rollbackTo}). Valid
 * only in the transaction that created it, until that transaction ends or rolls back to an
 * earlier savepoint.
 */
public interface Savepoint {

    /** The name given at creation (for messages). */
    String name();
}
