package io.neuroquantum.optimizer.api;

import java.util.Map;

/**
 * The outcome of a solve.
 *
 * @param problem                 the problem kind
 * @param variables               Ising variables of the encoding
 * @param objective               the value in the problem's own terms
 * @param objectiveName           what it measures (cut weight, tour length, colours used, ...)
 * @param energy                  the Ising energy of the returned state
 * @param valid                   whether the decoded solution is feasible
 * @param solution                the decoded solution
 * @param details                 encoding facts (raw vs repaired / polished values, penalties)
 * @param solver                  the solver used
 * @param seed                    the seed used
 * @param stopReason              completed, target reached, time limit, cancelled
 * @param sweeps                  sweeps done (all workers)
 * @param flipAttempts            attempted spin flips (all workers)
 * @param flipsPerSecondPerThread attempted spin flips per second per worker thread
 * @param threads                 worker threads
 * @param restarts                restarts or independent runs
 * @param timings                 milliseconds for parse+encode, solve, decode, total
 * @param elapsedMs               total milliseconds
 */
public record SolveResponse(String problem, int variables, double objective, String objectiveName, double energy,
                            boolean valid, Object solution, Map<String, Object> details, String solver, long seed,
                            String stopReason, long sweeps, long flipAttempts, double flipsPerSecondPerThread,
                            int threads, int restarts, Map<String, Double> timings, double elapsedMs) {
}
