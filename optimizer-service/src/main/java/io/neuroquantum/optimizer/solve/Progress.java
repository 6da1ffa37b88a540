package io.neuroquantum.optimizer.solve;

/**
 * A snapshot of a running solve.
 *
 * @param sweeps       sweeps (n attempted flips each) completed so far, all workers
 * @param flipAttempts attempted single-spin updates so far
 * @param bestEnergy   lowest energy found so far (+infinity before the first)
 * @param elapsedNanos time since the solve started
 */
public record Progress(long sweeps, long flipAttempts, double bestEnergy, long elapsedNanos) {
}
