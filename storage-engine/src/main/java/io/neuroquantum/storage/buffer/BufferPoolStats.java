package io.neuroquantum.storage.buffer;

/**
 * A snapshot of the pool's counters (monotonic since the pool opened, except the gauges
 * {@code dirtyPages}, {@code residentPages} and {@code capacityPages}).
 */
public record BufferPoolStats(long hits, long misses, long evictions, long flushes, long pinWaits,
                              int dirtyPages, int residentPages, int capacityPages) {

    /** Hits over all page requests; 1.0 before the first request. */
    public double hitRate() {
        long total = hits + misses;
        return total == 0 ? 1.0 : (double) hits / total;
    }
}
