package io.neuroquantum.optimizer;

import io.neuroquantum.optimizer.model.IsingModel;

/** Exhaustive minimum of a small Ising model (n &lt;= 24). */
public final class BruteForce {

    private BruteForce() {
    }

    public static double minimum(IsingModel m) {
        int n = m.n();
        if (n > 24) {
            throw new IllegalArgumentException("too large for brute force: " + n);
        }
        double best = Double.POSITIVE_INFINITY;
        int[] s = new int[n];
        for (long mask = 0; mask < (1L << n); mask++) {
            for (int i = 0; i < n; i++) {
                s[i] = ((mask >>> i) & 1) == 0 ? -1 : 1;
            }
            best = Math.min(best, m.energy(s));
        }
        return best;
    }
}
