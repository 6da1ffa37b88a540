package io.neuroquantum.optimizer.solve;

/**
 * @param solver         solver name
 * @param spins          best state found (+1/-1)
 * @param energy         its Ising energy
 * @param stopReason     why the solve ended
 * @param sweeps         sweeps done, all workers together
 * @param flipAttempts   attempted single-spin updates, all workers together
 * @param elapsedNanos   wall-clock time of the solve
 * @param threads        worker threads used
 * @param restarts       restarts (or independent runs) completed or started
 */
public record SolveResult(String solver, int[] spins, double energy, StopReason stopReason, long sweeps,
                          long flipAttempts, long elapsedNanos, int threads, int restarts) {

    /** Attempted flips per second per worker thread. */
    public double flipsPerSecondPerThread() {
        return elapsedNanos == 0 ? 0 : flipAttempts / (elapsedNanos / 1e9) / threads;
    }
}
