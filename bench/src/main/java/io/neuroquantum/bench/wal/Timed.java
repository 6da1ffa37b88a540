package io.neuroquantum.bench.wal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/** Time-bound runs of an operation on N threads, with a per-operation latency histogram (ns). */
final class Timed {

    /** One operation (a commit, a batch, a sync) by thread {@code thread}; returns the rows it wrote. */
    @FunctionalInterface
    interface Op {
        long run(int thread) throws Exception;
    }

    /** What a run did: {@code ops} operations writing {@code rows} rows in {@code elapsedNanos}. */
    record Sample(long ops, long rows, long elapsedNanos, Histogram latency) {

        double opsPerSecond() {
            return ops * 1e9 / elapsedNanos;
        }

        double rowsPerSecond() {
            return rows * 1e9 / elapsedNanos;
        }

        double millis(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }

        /** The round with the median ops/s (rows/s if {@code byRows}), with the latencies of all rounds. */
        static Sample median(List<Sample> rounds, boolean byRows) {
            List<Sample> sorted = new ArrayList<>(rounds);
            sorted.sort(Comparator.comparingDouble(byRows ? Sample::rowsPerSecond : Sample::opsPerSecond));
            Sample mid = sorted.get(sorted.size() / 2);
            Histogram all = histogram();
            rounds.forEach(s -> all.add(s.latency()));
            return new Sample(mid.ops(), mid.rows(), mid.elapsedNanos(), all);
        }
    }

    private Timed() {
    }

    static Histogram histogram() {
        return new Histogram(600_000_000_000L, 3);
    }

    /**
     * Runs {@code op} in a loop on {@code threads} threads, all starting together, each stopping at
     * the first operation end past {@code nanos} (or after {@code maxOpsPerThread} operations).
     * The elapsed time runs from the start to the last thread's last operation end. The first
     * failure of any thread stops all of them and is rethrown.
     */
    static Sample run(int threads, long nanos, long maxOpsPerThread, Op op) throws Exception {
        Histogram[] hist = new Histogram[threads];
        long[] ops = new long[threads];
        long[] rows = new long[threads];
        long[] ends = new long[threads];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] deadline = new long[1];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            hist[t] = histogram();
            Thread th = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    long end = deadline[0];
                    long now = System.nanoTime();
                    while (now < end && ops[me] < maxOpsPerThread && failure.get() == null) {
                        long w = op.run(me);
                        long after = System.nanoTime();
                        hist[me].recordValue(Math.max(0, after - now));
                        ops[me]++;
                        rows[me] += w;
                        now = after;
                    }
                    ends[me] = now;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ends[me] = System.nanoTime();
                }
            }, "timed-" + t);
            th.setDaemon(true);
            workers.add(th);
            th.start();
        }
        ready.await();
        long start = System.nanoTime();
        deadline[0] = start + nanos;
        go.countDown();
        for (Thread th : workers) {
            th.join();
        }
        Throwable f = failure.get();
        if (f instanceof Exception e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        long end = start;
        long total = 0;
        long totalRows = 0;
        Histogram all = histogram();
        for (int t = 0; t < threads; t++) {
            end = Math.max(end, ends[t]);
            total += ops[t];
            totalRows += rows[t];
            all.add(hist[t]);
        }
        return new Sample(total, totalRows, Math.max(1, end - start), all);
    }
}
