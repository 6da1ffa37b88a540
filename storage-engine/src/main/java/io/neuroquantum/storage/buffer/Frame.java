package io.neuroquantum.storage.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.StampedLock;

/**
 * One slot of the buffer pool: a page-sized piece of off-heap memory and its bookkeeping.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code pins >= 0}: the frame holds page {@code pageId} (or is free when pageId is -1);
 *       {@code pins > 0} means someone uses it and it cannot be evicted.</li>
 *   <li>{@code pins == -1}: the frame is claimed by the evictor (or being reassigned); nobody
 *       may pin it. The compare-and-set 0 → -1 in {@link #tryClaim()} is the linearization
 *       point of eviction; the compare-and-set p → p+1 (p ≥ 0) in {@link #tryPin()} is the
 *       linearization point of a hit.</li>
 *   <li>The latch protects the page bytes. It is taken only while pinned, released before unpinning.</li>
 *   <li>{@code dirty} is set by a write guard before it releases the latch, and cleared only
 *       by whoever copies the page for write-back while holding the read latch.</li>
 * </ul>
 *
 * Non-invariants: {@code referenced} and {@code queue} are hints for the replacer; a stale
 * value only changes which frame is evicted, never correctness.
 */
final class Frame {

    static final byte FREE = 0;
    static final byte PROBATION = 1; // 2Q "A1": seen once since it was loaded
    static final byte PROTECTED = 2; // 2Q "Am": referenced again while resident

    final int index;
    final MemorySegment segment;
    /** Pin count, see the invariants; updated through {@link #PINS} (a field, not an object: one cache line less per page access). */
    private volatile int pins;
    final StampedLock latch = new StampedLock();
    volatile long pageId = -1;
    volatile boolean dirty;
    /** LSN of the first change since the page was last clean (for the dirty page table); valid while dirty. */
    volatile long recLsn;
    volatile boolean loading;
    volatile boolean referenced;
    volatile byte queue = FREE;

    Frame(int index, MemorySegment segment) {
        this.index = index;
        this.segment = segment;
    }

    private static final VarHandle PINS;

    static {
        try {
            PINS = MethodHandles.lookup().findVarHandle(Frame.class, "pins", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    boolean tryPin() {
        for (;;) {
            int p = pins;
            if (p < 0) {
                return false;
            }
            if (PINS.compareAndSet(this, p, p + 1)) {
                return true;
            }
        }
    }

    void unpin() {
        PINS.getAndAdd(this, -1);
    }

    boolean tryClaim() {
        return PINS.compareAndSet(this, 0, -1);
    }

    int pins() {
        return pins;
    }

    /** Sets the pin count: only by the evictor, on a frame it has claimed (pins == -1). */
    void setPins(int value) {
        pins = value;
    }

    /** Marks a use: a page referenced again while on probation moves to the protected queue. */
    void touch() {
        if (!referenced) {
            referenced = true;
        }
        if (queue == PROBATION) {
            queue = PROTECTED;
        }
    }
}
