package io.neuroquantum.optimizer.api;

import java.util.Map;

/**
 * One solve, as sent to {@code POST /api/v1/solve} or {@code /api/v1/jobs} (JSON) or built
 * by the command line. Null fields take defaults. The problem comes either as text in a
 * standard format ({@code format} gset / tsplib / dimacs with {@code data}) or as JSON
 * ({@code format} json, the default) in the field for its kind; JSON indices are 0-based.
 *
 * @param problem         maxcut | coloring | tsp | qubo | partition
 * @param format          json | gset | tsplib | dimacs
 * @param data            the file's text for the text formats
 * @param n               number of vertices / variables for JSON graphs and QUBOs
 * @param edges           JSON graph edges [i, j, w] (w optional, default 1)
 * @param cities          JSON TSP coordinates [x, y] (EUC_2D rounding)
 * @param distances       JSON TSP distance matrix (symmetric, non-negative integers)
 * @param numbers         number partitioning input
 * @param linear          QUBO linear terms a_i (length n)
 * @param quadratic       QUBO pair terms [i, j, Q_ij]
 * @param offset          QUBO constant
 * @param colors          colours K for colouring (default: the DSATUR bound)
 * @param solver          sa | sqa | pt | tabu (default sa)
 * @param seed            random seed (default 1)
 * @param timeLimitMs     wall-clock limit (default 1000)
 * @param targetObjective stop once this objective is reached (maxcut, tsp, qubo)
 * @param targetEnergy    stop once this Ising energy is reached
 * @param threads         worker threads (default all cores)
 * @param sweeps          sweeps per restart / replica (default per solver)
 * @param restarts        restarts (default: as many as the time allows)
 * @param params          solver and encoding parameters (see docs/optimizer.md)
 */
public record SolveRequest(String problem, String format, String data, Integer n, double[][] edges,
                           double[][] cities, long[][] distances, double[] numbers, double[] linear,
                           double[][] quadratic, Double offset, Integer colors, String solver, Long seed,
                           Long timeLimitMs, Double targetObjective, Double targetEnergy, Integer threads,
                           Long sweeps, Integer restarts, Map<String, Object> params) {

    public static SolveRequest text(String problem, String format, String data, String solver, Integer colors,
                                    long seed, long timeLimitMs, Map<String, Object> params) {
        return new SolveRequest(problem, format, data, null, null, null, null, null, null, null, null, colors, solver,
                seed, timeLimitMs, null, null, null, null, null, params);
    }
}
