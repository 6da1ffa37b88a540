package io.neuroquantum.bench.http;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * N clients, each on a platform thread of its own, each calling {@link Caller#call} with a
 * uniformly random key in {@code 0..keyspace-1} as soon as the previous call returned (a closed
 * loop, as pgbench and wrk run). Every call's latency goes to the thread's HdrHistogram
 * recorder; {@link #sample()} collects what every thread did since the previous sample, with
 * the CPU those threads used (the client's own cost). The threads run from {@link #start()} to
 * {@link #close()}, through warm-up and measurement, so the load never stops in between.
 */
final class ClosedLoop implements AutoCloseable {

    /** One client: a connection and what it takes to make and check one call. */
    interface Caller extends AutoCloseable {
        /** One call for {@code key}, its answer checked (a wrong answer is a BenchFailure). */
        void call(long key) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** What the clients did in a window. */
    record Window(Histogram latency, long elapsedNanos, long clientCpuNanos) {

        long ops() {
            return latency.getTotalCount();
        }

        double opsPerSecond() {
            return ops() * 1e9 / elapsedNanos;
        }

        double millis(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }
    }

    static final long HIGHEST_NANOS = 60_000_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String name;
    private final List<Caller> callers;
    private final long keyspace;
    private final long seed;
    private final List<Thread> threads = new ArrayList<>();
    private final List<SingleWriterRecorder> recorders = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running;
    private long lastSample;
    private long lastCpu;
    private final List<Histogram> recycled = new ArrayList<>();

    ClosedLoop(String name, List<Caller> callers, long keyspace, long seed) {
        this.name = name;
        this.callers = callers;
        this.keyspace = keyspace;
        this.seed = seed;
    }

    void start() {
        running = true;
        for (int i = 0; i < callers.size(); i++) {
            Caller caller = callers.get(i);
            SingleWriterRecorder rec = new SingleWriterRecorder(1, HIGHEST_NANOS, 3);
            recorders.add(rec);
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
            Thread t = new Thread(() -> {
                try {
                    while (running) {
                        long key = random.nextLong(keyspace);
                        long t0 = System.nanoTime();
                        caller.call(key);
                        long d = System.nanoTime() - t0;
                        rec.recordValue(Math.min(HIGHEST_NANOS, Math.max(1, d)));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    running = false;
                }
            }, name + "-client-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        lastSample = System.nanoTime();
        threads.forEach(Thread::start);
        lastCpu = cpu();
    }

    /** Everything since the previous sample (or the start); throws the first client failure. */
    Window sample() throws Exception {
        rethrow();
        long now = System.nanoTime();
        long cpu = cpu();
        Histogram all = new Histogram(1, HIGHEST_NANOS, 3);
        for (int i = 0; i < recorders.size(); i++) {
            if (recycled.size() <= i) {
                recycled.add(recorders.get(i).getIntervalHistogram());
            } else {
                recycled.set(i, recorders.get(i).getIntervalHistogram(recycled.get(i)));
            }
            all.add(recycled.get(i));
        }
        Window w = new Window(all, Math.max(1, now - lastSample), lastCpu < 0 || cpu < 0 ? -1 : cpu - lastCpu);
        lastSample = now;
        lastCpu = cpu;
        return w;
    }

    /** CPU time of the client threads so far (ns), or -1 if the JVM cannot tell. */
    private long cpu() {
        long total = 0;
        for (Thread t : threads) {
            long n = THREADS.getThreadCpuTime(t.threadId());
            if (n < 0) {
                return t.isAlive() ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    /** Throws the first client failure, if any. */
    void check() throws Exception {
        rethrow();
    }

    private void rethrow() throws Exception {
        Throwable f = failure.get();
        if (f instanceof Exception e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        for (Thread t : threads) {
            t.join(60_000);
        }
        Exception first = null;
        for (Caller c : callers) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        rethrow();
        if (first != null) {
            throw first;
        }
    }
}
