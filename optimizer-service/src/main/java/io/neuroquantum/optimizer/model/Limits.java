package io.neuroquantum.optimizer.model;

/**
 * Size limits applied before anything large is allocated, so that one request cannot take
 * the memory of the service. A model's memory is about 24 bytes per stored pair
 * (two CSR entries of an int and a double) plus the solver's per-variable state.
 *
 * @param maxVariables largest number of graph vertices / QUBO variables / spins
 * @param maxPairs     largest number of distinct quadratic pairs (edges) in a model
 * @param maxCities    largest TSP instance (the distance matrix is n^2 ints)
 * @param maxColors    largest number of colours in a colouring request
 * @param maxTimeLimitMs largest time limit of one solve
 */
public record Limits(int maxVariables, long maxPairs, int maxCities, int maxColors, long maxTimeLimitMs) {

    public static final Limits DEFAULT = new Limits(200_000, 5_000_000, 2_000, 256, 600_000);

    public void checkVariables(long n, String what) {
        if (n < 0) {
            throw new InvalidModelException("negative " + what + ": " + n);
        }
        if (n > maxVariables) {
            throw new InvalidModelException(what + " " + n + " exceeds the limit of " + maxVariables);
        }
    }

    public void checkPairs(long m, String what) {
        if (m < 0) {
            throw new InvalidModelException("negative " + what + ": " + m);
        }
        if (m > maxPairs) {
            throw new InvalidModelException(what + " " + m + " exceeds the limit of " + maxPairs);
        }
    }
}
