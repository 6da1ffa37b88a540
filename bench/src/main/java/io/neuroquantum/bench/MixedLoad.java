package io.neuroquantum.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * The mixed workload on one target: one session per thread, each thread doing
 * {@code readPercent}% lookups of random existing keys and the rest upserts of random existing
 * keys with a new version of the value. Sessions and random streams live across calls, so a
 * warm-up and several measured rounds (interleaved with other systems') run on the same
 * connections and caches.
 */
final class MixedLoad implements AutoCloseable {

    private final String where;
    private final long keySpace;
    private final int readPercent;
    private final List<Worker> workers = new ArrayList<>();

    MixedLoad(KvTarget target, String where, long keySpace, int threads, int readPercent, long seed) throws Exception {
        this.where = where;
        this.keySpace = keySpace;
        this.readPercent = readPercent;
        try {
            for (int t = 0; t < threads; t++) {
                workers.add(new Worker(target.openSession(), new SplittableRandom(seed * 31 + t), 1_000_000 * (t + 1)));
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Untimed passes of {@code opsPerThread} on every thread, fully checked, until {@code minNanos} have passed. */
    void warmUp(int opsPerThread, long minNanos) throws Exception {
        inParallel(w -> () -> {
            long start = System.nanoTime();
            do {
                w.run(opsPerThread, null, true);
            } while (System.nanoTime() - start < minNanos);
            return null;
        }, null);
    }

    /** One measured round: every thread does {@code opsPerThread} operations from a common start. */
    Measured round(int opsPerThread) throws Exception {
        List<Histogram> hs = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            hs.add(Measured.newHistogram());
        }
        long[] wall = new long[1];
        inParallel(w -> () -> {
            w.run(opsPerThread, hs.get(workers.indexOf(w)), false);
            return null;
        }, wall);
        Histogram all = Measured.newHistogram();
        hs.forEach(all::add);
        long ops = (long) workers.size() * opsPerThread;
        return new Measured(ops, ops, wall[0], all);
    }

    /** Runs one task per worker on its own thread, all released together; {@code wall[0]} gets the elapsed nanos. */
    private void inParallel(java.util.function.Function<Worker, Callable<Void>> task, long[] wall) throws Exception {
        int n = workers.size();
        CyclicBarrier start = new CyclicBarrier(n + 1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Void>> fs = new ArrayList<>();
            for (Worker w : workers) {
                Callable<Void> body = task.apply(w);
                fs.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.await();
            long t0 = System.nanoTime();
            for (Future<Void> f : fs) {
                f.get();
            }
            if (wall != null) {
                wall[0] = System.nanoTime() - t0;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (Worker w : workers) {
            try {
                w.session.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        workers.clear();
        if (first != null) {
            throw first;
        }
    }

    private final class Worker {
        final KvSession session;
        final SplittableRandom rnd;
        int version;

        Worker(KvSession session, SplittableRandom rnd, int firstVersion) {
            this.session = session;
            this.rnd = rnd;
            this.version = firstVersion;
        }

        void run(int ops, Histogram h, boolean fullCheck) throws Exception {
            long t0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                long k = rnd.nextLong(keySpace);
                if (rnd.nextInt(100) < readPercent) {
                    byte[] v = session.get(k);
                    if (fullCheck) {
                        Values.checkFull(where, k, v);
                    } else {
                        Values.checkHeader(where, k, v);
                    }
                } else {
                    session.put(k, Values.of(k, ++version));
                }
                if (h != null) {
                    long t1 = System.nanoTime();
                    h.recordValue(t1 - t0);
                    t0 = t1;
                }
            }
        }
    }
}
