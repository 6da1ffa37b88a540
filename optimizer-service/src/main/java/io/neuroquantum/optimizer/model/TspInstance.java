package io.neuroquantum.optimizer.model;

/**
 * A symmetric TSP instance: n cities and an integer distance matrix (row-major n*n,
 * zero diagonal). Coordinates, if the instance had them, are kept for display only.
 */
public record TspInstance(String name, int n, int[] dist) {

    public TspInstance {
        if (n < 2) {
            throw new InvalidModelException("a tour needs at least 2 cities, got " + n);
        }
        if (dist.length != (long) n * n) {
            throw new InvalidModelException("distance matrix is not " + n + " x " + n);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int d = dist[i * n + j];
                if (d < 0) {
                    throw new InvalidModelException("negative distance d(" + (i + 1) + "," + (j + 1) + ") = " + d);
                }
                if (d != dist[j * n + i]) {
                    throw new InvalidModelException("asymmetric distance between " + (i + 1) + " and " + (j + 1));
                }
            }
        }
    }

    public int d(int i, int j) {
        return dist[i * n + j];
    }

    public int maxDistance() {
        int m = 0;
        for (int x : dist) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** Length of the closed tour visiting {@code tour} in order. */
    public long tourLength(int[] tour) {
        long s = 0;
        for (int k = 0; k < tour.length; k++) {
            s += d(tour[k], tour[(k + 1) % tour.length]);
        }
        return s;
    }

    /** True if {@code tour} is a permutation of 0..n-1. */
    public boolean isPermutation(int[] tour) {
        if (tour.length != n) {
            return false;
        }
        boolean[] seen = new boolean[n];
        for (int c : tour) {
            if (c < 0 || c >= n || seen[c]) {
                return false;
            }
            seen[c] = true;
        }
        return true;
    }

    /** Euclidean instance with TSPLIB EUC_2D rounding (nearest integer). */
    public static TspInstance euclidean(String name, double[] x, double[] y) {
        int n = x.length;
        int[] d = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i * n + j] = (int) Math.floor(Math.hypot(x[i] - x[j], y[i] - y[j]) + 0.5);
            }
        }
        return new TspInstance(name, n, d);
    }
}
