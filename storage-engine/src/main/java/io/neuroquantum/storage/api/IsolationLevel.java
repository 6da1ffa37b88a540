package io.neuroquantum.storage.api;

/**
 * What a transaction may observe of concurrent transactions. Both levels are implemented
 * with locks (no multi-versioning): a transaction never sees another's uncommitted change,
 * and its own writes hold exclusive row locks until it ends (strict two-phase locking).
 *
 * <ul>
 *   <li>{@link #READ_COMMITTED}: a read takes a shared row lock only for the duration of
 *       the read, so it waits for an uncommitted writer of that row and then sees the
 *       committed value. No dirty reads; non-repeatable reads and phantoms are possible.</li>
 *   <li>{@link #SERIALIZABLE}: shared row locks are held until the end, and scans lock the
 *       gaps they pass (key-range locking, including the gap after the last key of the
 *       range), so rows read cannot change and no row can appear in a range already read.
 *       No dirty reads, no non-repeatable reads, no phantoms, no lost updates.</li>
 * </ul>
 */
public enum IsolationLevel {
    READ_COMMITTED,
    SERIALIZABLE
}
