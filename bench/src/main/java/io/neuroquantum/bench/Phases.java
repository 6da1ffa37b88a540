package io.neuroquantum.bench;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * The timed loops. Each loop reads the clock once per operation (the end of one operation is
 * the start of the next), so a latency includes the loop's own checks, the same for every
 * system. Every answer is checked while measuring: cheaply (key and length) in timed loops,
 * byte for byte in warm-up passes and verification passes.
 */
final class Phases {

    /** Rows per write batch (SQLite transaction, H2 commit). */
    static final int BATCH = 10_000;

    private Phases() {
    }

    /** Inserts {@code keys} in the given order with version-0 values, committing every {@link #BATCH}; ends with a flush. */
    static Measured insert(KvTarget target, long[] keys, byte[][] values) throws Exception {
        KvSession s = target.primary();
        Histogram h = Measured.newHistogram();
        s.begin();
        long start = System.nanoTime();
        long t0 = start;
        for (int i = 0; i < keys.length; i++) {
            long k = keys[i];
            s.put(k, values[(int) k]);
            if ((i + 1) % BATCH == 0) {
                s.commit();
                s.begin();
            }
            long t1 = System.nanoTime();
            h.recordValue(t1 - t0);
            t0 = t1;
        }
        s.commit();
        target.flush();
        long end = System.nanoTime();
        return new Measured(keys.length, keys.length, end - start, h);
    }

    /** {@code ops} lookups of random keys in [0, keySpace); each must return its key's value. */
    static Measured lookups(KvSession s, String where, long keySpace, int ops, long seed, boolean fullCheck) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        Histogram h = Measured.newHistogram();
        long start = System.nanoTime();
        long t0 = start;
        for (int i = 0; i < ops; i++) {
            long k = rnd.nextLong(keySpace);
            byte[] v = s.get(k);
            if (fullCheck) {
                Values.checkFull(where, k, v);
            } else {
                Values.checkHeader(where, k, v);
            }
            long t1 = System.nanoTime();
            h.recordValue(t1 - t0);
            t0 = t1;
        }
        long end = System.nanoTime();
        return new Measured(ops, ops, end - start, h);
    }

    /** {@code scans} scans of {@code rows} consecutive rows from random start keys; each must return exactly those keys in order. */
    static Measured scans(KvSession s, String where, long keySpace, int scans, int rows, long seed, boolean fullCheck)
            throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        Histogram h = Measured.newHistogram();
        ScanCheck check = new ScanCheck(where, fullCheck);
        long start = System.nanoTime();
        long t0 = start;
        for (int i = 0; i < scans; i++) {
            long from = rnd.nextLong(keySpace - rows + 1);
            check.reset(from);
            int n = s.scan(from, rows, check);
            if (n != rows || check.seen != rows) {
                throw new BenchFailure(where + ": scan from " + from + " returned " + n + " rows (visited "
                        + check.seen + "), expected " + rows);
            }
            long t1 = System.nanoTime();
            h.recordValue(t1 - t0);
            t0 = t1;
        }
        long end = System.nanoTime();
        return new Measured(scans, (long) scans * rows, end - start, h);
    }

    /** Scans the whole store and checks it holds exactly keys 0..n-1, each with a consistent value. */
    static void verifyAll(KvSession s, String where, long n) throws Exception {
        ScanCheck check = new ScanCheck(where, true);
        check.reset(0);
        int got = s.scan(Long.MIN_VALUE, (int) Math.min(Integer.MAX_VALUE, n + 1), check);
        if (got != n || check.seen != n) {
            throw new BenchFailure(where + ": full scan returned " + got + " rows, expected " + n);
        }
    }

    /** Checks that scanned rows are consecutive keys from a start key, with values naming their keys. */
    private static final class ScanCheck implements KvSession.RowVisitor {
        private final String where;
        private final boolean fullCheck;
        private long next;
        int seen;

        ScanCheck(String where, boolean fullCheck) {
            this.where = where;
            this.fullCheck = fullCheck;
        }

        void reset(long from) {
            next = from;
            seen = 0;
        }

        @Override
        public void row(long key, byte[] value) {
            if (key != next) {
                throw new BenchFailure(where + ": scan returned key " + key + " where " + next + " was expected");
            }
            if (fullCheck) {
                Values.checkFull(where, key, value);
            } else {
                Values.checkHeader(where, key, value);
            }
            next++;
            seen++;
        }

        @Override
        public void row(long key, int valueLength, long valueHead, java.util.function.Supplier<byte[]> value) {
            if (fullCheck) {
                row(key, value.get());
                return;
            }
            if (key != next) {
                throw new BenchFailure(where + ": scan returned key " + key + " where " + next + " was expected");
            }
            if (valueLength != Values.SIZE || valueHead != key) {
                Values.checkHeader(where, key, value.get());
            }
            next++;
            seen++;
        }

        @Override
        public void row(long key, java.lang.foreign.MemorySegment value) {
            if (fullCheck) {
                row(key, value.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                return;
            }
            if (key != next) {
                throw new BenchFailure(where + ": scan returned key " + key + " where " + next + " was expected");
            }
            Values.checkHeader(where, key, value);
            next++;
            seen++;
        }
    }
}
