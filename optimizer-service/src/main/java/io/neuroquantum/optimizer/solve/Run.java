package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shared state of one solve across its workers: the deadline, the stop flag, counters and
 * the best state. The best is chosen by (energy, then lowest run index) so that the result
 * does not depend on which worker finished first.
 */
final class Run {

    final IsingModel model;
    final SolveOptions options;
    final SolveControl control;
    final long start = System.nanoTime();
    final long deadline;
    final AtomicLong sweeps = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    private volatile StopReason stop;
    private volatile double bestEnergy = Double.POSITIVE_INFINITY;
    private long bestIndex = Long.MAX_VALUE;
    private int[] bestSpins;

    Run(IsingModel model, SolveOptions options, SolveControl control) {
        this.model = model;
        this.options = options;
        this.control = control;
        long limit = Math.min(options.timeLimitMs(), Long.MAX_VALUE / 2_000_000L);
        this.deadline = start + limit * 1_000_000L;
    }

    /** True if workers must stop now; polled once per sweep. */
    boolean shouldStop() {
        if (stop != null) {
            return true;
        }
        if (control.isCancelled()) {
            stop = StopReason.CANCELLED;
            return true;
        }
        if (System.nanoTime() - deadline >= 0) {
            stop = StopReason.TIME_LIMIT;
            return true;
        }
        return false;
    }

    void addWork(long sweepCount, long attemptCount) {
        sweeps.addAndGet(sweepCount);
        attempts.addAndGet(attemptCount);
    }

    /** Best energy so far (a volatile read, for the workers' "worth offering?" check). */
    double bestEnergy() {
        return bestEnergy;
    }

    /** Offers a state; copies it if it is the new best. */
    synchronized void offer(double energy, int[] spins, long index) {
        if (energy < bestEnergy || (energy == bestEnergy && index < bestIndex)) {
            boolean improved = energy < bestEnergy;
            bestEnergy = energy;
            bestIndex = index;
            bestSpins = spins.clone();
            if (!Double.isNaN(options.targetEnergy()) && energy <= options.targetEnergy() + 1e-9) {
                if (stop == null) {
                    stop = StopReason.TARGET_REACHED;
                }
            }
            if (improved) {
                control.report(new Progress(sweeps.get(), attempts.get(), energy, System.nanoTime() - start));
            }
        }
    }

    SolveResult result(String solver, int threads, int restarts) {
        long elapsed = System.nanoTime() - start;
        int[] s;
        double e;
        synchronized (this) {
            s = bestSpins;
            e = bestEnergy;
        }
        if (s == null) {
            s = new int[model.n()];
            java.util.Arrays.fill(s, 1);
            e = model.energy(s);
        }
        control.report(new Progress(sweeps.get(), attempts.get(), e, elapsed));
        StopReason r = stop == null ? StopReason.COMPLETED : stop;
        return new SolveResult(solver, s, model.energy(s), r, sweeps.get(), attempts.get(), elapsed, threads, restarts);
    }

    /** Runs {@code task} on {@code threads} platform threads (the caller's is one of them) and waits. */
    static void parallel(int threads, java.util.function.IntConsumer task) {
        Thread[] ts = new Thread[threads - 1];
        Throwable[] err = new Throwable[1];
        for (int t = 1; t < threads; t++) {
            final int id = t;
            ts[t - 1] = Thread.ofPlatform().name("nq-solver-" + id).start(() -> {
                try {
                    task.accept(id);
                } catch (Throwable x) {
                    synchronized (err) {
                        err[0] = x;
                    }
                }
            });
        }
        task.accept(0);
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for solver threads", e);
            }
        }
        synchronized (err) {
            if (err[0] != null) {
                throw new IllegalStateException("solver thread failed: " + err[0], err[0]);
            }
        }
    }
}
