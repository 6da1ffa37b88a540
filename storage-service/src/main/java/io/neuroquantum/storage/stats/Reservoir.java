package io.neuroquantum.storage.stats;

import java.util.Arrays;
import java.util.Random;

/**
 * Uniform reservoir sample (Vitter's Algorithm R) of at most {@code capacity} items from a stream.
 *
 * <p>Invariant: after {@code n} offers the reservoir holds {@code min(n, capacity)} items and
 * every offered item is in it with probability {@code min(1, capacity / n)}. Deterministic for a
 * given seed and input order. The caller stores the item itself ({@link #slotForNext()} then
 * {@link #set}), so it can copy mutable items only when they are kept.
 */
final class Reservoir {

    private final Object[] items;
    private final Random random;
    private long offered;
    private int size;

    Reservoir(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("reservoir capacity must be positive, got " + capacity);
        }
        this.items = new Object[capacity];
        this.random = new Random(seed);
    }

    /** Accounts for the next item; returns the slot to store it in, or -1 if it is not kept. */
    int slotForNext() {
        long seen = offered++;
        if (size < items.length) {
            return size++;
        }
        long j = random.nextLong(seen + 1);
        return j < items.length ? (int) j : -1;
    }

    void set(int slot, Object item) {
        items[slot] = item;
    }

    int capacity() {
        return items.length;
    }

    /** Number of items offered so far. */
    long offered() {
        return offered;
    }

    /** True while every offered item is still in the reservoir. */
    boolean complete() {
        return offered <= items.length;
    }

    /** A copy of the sampled items (unordered). */
    Object[] items() {
        return Arrays.copyOf(items, size);
    }
}
