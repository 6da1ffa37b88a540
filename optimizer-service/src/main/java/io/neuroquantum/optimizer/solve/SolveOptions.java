package io.neuroquantum.optimizer.solve;

/**
 * Options every solver honours.
 *
 * @param seed         the random seed; the result is a function of (model, options) when the
 *                     work budget ({@code sweeps} x {@code restarts}) completes before the limits
 * @param timeLimitMs  wall-clock limit; the best state so far is returned when it passes
 * @param targetEnergy stop as soon as an energy &lt;= this is found (NaN: no target)
 * @param threads      worker threads (capped by the available cores)
 * @param sweeps       sweeps per restart / replica run (0: the solver's default)
 * @param restarts     independent restarts (0: as many as the time limit allows)
 */
public record SolveOptions(long seed, long timeLimitMs, double targetEnergy, int threads, long sweeps, int restarts) {

    public SolveOptions {
        if (timeLimitMs <= 0) {
            throw new IllegalArgumentException("timeLimitMs must be positive, got " + timeLimitMs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (sweeps < 0 || restarts < 0) {
            throw new IllegalArgumentException("sweeps and restarts must not be negative");
        }
        if (Double.isInfinite(targetEnergy)) {
            throw new IllegalArgumentException("targetEnergy must be finite or NaN");
        }
    }

    public static SolveOptions of(long seed, long timeLimitMs) {
        return new SolveOptions(seed, timeLimitMs, Double.NaN, 1, 0, 0);
    }

    public SolveOptions withThreads(int t) {
        return new SolveOptions(seed, timeLimitMs, targetEnergy, t, sweeps, restarts);
    }

    public SolveOptions withSweeps(long s) {
        return new SolveOptions(seed, timeLimitMs, targetEnergy, threads, s, restarts);
    }

    public SolveOptions withRestarts(int r) {
        return new SolveOptions(seed, timeLimitMs, targetEnergy, threads, sweeps, r);
    }

    public SolveOptions withTarget(double e) {
        return new SolveOptions(seed, timeLimitMs, e, threads, sweeps, restarts);
    }

    public int effectiveThreads() {
        return Math.max(1, Math.min(threads, Runtime.getRuntime().availableProcessors()));
    }
}
