package io.neuroquantum.storage.txn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lock contention counters, overall and per table: waits, wait time (total and a log2
 * histogram of microseconds), deadlocks, timeouts. Plain counters; the service exports them.
 */
public final class LockStats {

    /** Bucket i counts waits of [2^i, 2^(i+1)) microseconds; bucket 0 also holds shorter ones. */
    public static final int BUCKETS = 32;

    /** Counters of one table (or of all tables). */
    public static final class Counters {
        final LongAdder waits = new LongAdder();
        final LongAdder waitMicros = new LongAdder();
        final LongAdder deadlocks = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final LongAdder[] histogram = new LongAdder[BUCKETS];

        Counters() {
            for (int i = 0; i < BUCKETS; i++) {
                histogram[i] = new LongAdder();
            }
        }

        public long waits() {
            return waits.sum();
        }

        public long waitMicros() {
            return waitMicros.sum();
        }

        public long deadlocks() {
            return deadlocks.sum();
        }

        public long timeouts() {
            return timeouts.sum();
        }

        public long[] histogram() {
            long[] h = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                h[i] = histogram[i].sum();
            }
            return h;
        }

        void recordWait(long micros) {
            waits.increment();
            waitMicros.add(micros);
            int bucket = micros <= 1 ? 0 : Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(micros));
            histogram[bucket].increment();
        }
    }

    private final Counters total = new Counters();
    private final ConcurrentHashMap<Long, Counters> perTable = new ConcurrentHashMap<>();

    public Counters total() {
        return total;
    }

    public Map<Long, Counters> perTable() {
        return Map.copyOf(perTable);
    }

    private Counters table(long tableId) {
        return perTable.computeIfAbsent(tableId, t -> new Counters());
    }

    void waited(long tableId, long micros) {
        total.recordWait(micros);
        table(tableId).recordWait(micros);
    }

    void deadlock(long tableId) {
        total.deadlocks.increment();
        table(tableId).deadlocks.increment();
    }

    void timeout(long tableId) {
        total.timeouts.increment();
        table(tableId).timeouts.increment();
    }
}
