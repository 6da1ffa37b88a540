package io.neuroquantum.optimizer.encode;

import io.neuroquantum.optimizer.model.CouplingBuilder;
import io.neuroquantum.optimizer.model.InvalidModelException;
import io.neuroquantum.optimizer.model.IsingModel;
import io.neuroquantum.optimizer.model.Limits;
import io.neuroquantum.optimizer.model.QuboModel;
import io.neuroquantum.optimizer.model.TspInstance;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TSP, position encoding. City 0 is fixed at position 0 (removes the rotational symmetry),
 * so with m = n - 1 the variables are x_{c,p} for cities c and positions p in 1..m
 * (variable (c-1)*m + (p-1)).
 * <pre>
 *   E(x) = A sum_c (1 - sum_p x_{c,p})^2 + A sum_p (1 - sum_c x_{c,p})^2
 *        + sum_{p=1}^{m-1} sum_{c != d} d(c,d) x_{c,p} x_{d,p+1}
 *        + sum_c d(0,c) (x_{c,1} + x_{c,m})
 * </pre>
 * For a permutation E equals the tour length. A = penaltyFactor * max d(i,j): removing a
 * city from a valid tour saves at most 2 max d and costs 2A, so valid tours stay local minima
 * for factor &gt;= 1. Decoding reads one city per position, fills gaps by nearest remaining
 * city, and reports that raw result; the optional permutation polish ({@link TourPolish})
 * is reported separately.
 */
public final class TspEncoding implements Encoding {

    private final TspInstance tsp;
    private final double penalty;
    private final IsingModel ising;
    private final long polishMs;
    private final long seed;

    public TspEncoding(TspInstance tsp, double penaltyFactor, long polishMs, long seed, Limits limits) {
        int n = tsp.n();
        if (n < 3) {
            throw new InvalidModelException("the QUBO encoding needs at least 3 cities, got " + n);
        }
        if (!(penaltyFactor > 0) || !Double.isFinite(penaltyFactor)) {
            throw new InvalidModelException("penalty factor must be positive and finite, got " + penaltyFactor);
        }
        int m = n - 1;
        limits.checkVariables((long) m * m, "TSP QUBO variables ((n-1)^2)");
        limits.checkPairs((long) m * m * (m - 1) + (long) (m - 1) * m * (m - 1), "TSP QUBO pairs");
        this.tsp = tsp;
        this.polishMs = polishMs;
        this.seed = seed;
        this.penalty = penaltyFactor * Math.max(1, tsp.maxDistance());
        double[] lin = new double[m * m];
        CouplingBuilder b = new CouplingBuilder(m * m);
        for (int c = 1; c <= m; c++) {
            for (int p = 1; p <= m; p++) {
                int v = var(m, c, p);
                lin[v] -= 2 * penalty; // -A from the row one-hot, -A from the column one-hot
                for (int p2 = p + 1; p2 <= m; p2++) {
                    b.add(v, var(m, c, p2), 2 * penalty);
                }
                for (int c2 = c + 1; c2 <= m; c2++) {
                    b.add(v, var(m, c2, p), 2 * penalty);
                }
                if (p == 1) {
                    lin[v] += tsp.d(0, c);
                }
                if (p == m) {
                    lin[v] += tsp.d(0, c);
                }
                if (p < m) {
                    for (int d = 1; d <= m; d++) {
                        if (d != c) {
                            b.add(v, var(m, d, p + 1), tsp.d(c, d));
                        }
                    }
                }
            }
        }
        this.ising = new QuboModel(m * m, lin, b.build(), 2.0 * m * penalty).toIsing();
    }

    private static int var(int m, int c, int p) {
        return (c - 1) * m + (p - 1);
    }

    public double penalty() {
        return penalty;
    }

    /**
     * Tabu on this QUBO: tenure max(4, (n - 1) / 3) and perturbation max(4, 2 (n - 1) / 3) spins.
     * The generic defaults (tenure max(10, variables / 20) = 11-13, perturbation variables / 40
     * = 5-6 on 14-17 cities) block the four flips that move a city and perturb too little:
     * ulysses16 never reached 6859 with them. Measured at 3 s, 2 threads: tenure 5 alone gave
     * ulysses16 5/8 seeds and gr17 6/8 (tenure 6: gr17 2/8); with perturbation 10 as well,
     * ulysses16 8/8 and gr17 11/12 (perturbation 7: 11/12 and 10/12; 15: 7/12 and 9/12).
     */
    @Override
    public Map<String, Object> solverDefaults(String solver) {
        int m = tsp.n() - 1;
        return "tabu".equals(solver) ? Map.of("tenure", Math.max(4, m / 3), "perturbation", Math.max(4, 2 * m / 3)) : Map.of();
    }

    @Override
    public String problem() {
        return "tsp";
    }

    @Override
    public IsingModel ising() {
        return ising;
    }

    @Override
    public Double energyForObjective(double length) {
        return length;
    }

    /** Raw decode: the tour read from the spins with gaps filled, and whether the spins were a permutation. */
    public int[] rawTour(int[] spins, boolean[] wasPermutation) {
        int n = tsp.n();
        int m = n - 1;
        int[] tour = new int[n];
        boolean[] used = new boolean[n];
        used[0] = true;
        boolean perm = true;
        for (int p = 1; p <= m; p++) {
            int city = -1;
            int on = 0;
            for (int c = 1; c <= m; c++) {
                if (spins[var(m, c, p)] > 0) {
                    on++;
                    if (city < 0 && !used[c]) {
                        city = c;
                    }
                }
            }
            if (on != 1) {
                perm = false;
            }
            if (city >= 0) {
                used[city] = true;
            } else {
                perm = false;
            }
            tour[p] = city;
        }
        for (int p = 1; p <= m; p++) {
            if (tour[p] < 0) {
                int prev = tour[p - 1] >= 0 ? tour[p - 1] : 0;
                int best = -1;
                for (int c = 1; c < n; c++) {
                    if (!used[c] && (best < 0 || tsp.d(prev, c) < tsp.d(prev, best))) {
                        best = c;
                    }
                }
                tour[p] = best;
                used[best] = true;
            }
        }
        wasPermutation[0] = perm;
        return tour;
    }

    @Override
    public Decoded decode(int[] spins) {
        boolean[] perm = new boolean[1];
        int[] tour = rawTour(spins, perm);
        long raw = tsp.tourLength(tour);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("penaltyA", penalty);
        d.put("rawPermutation", perm[0]);
        d.put("rawTourLength", raw);
        d.put("rawTour", tour.clone());
        long length = raw;
        if (polishMs >= 0) {
            long t0 = System.nanoTime();
            int[] polished = TourPolish.polish(tsp, tour, polishMs, seed);
            length = tsp.tourLength(polished);
            d.put("polishedTourLength", length);
            d.put("polishMs", (System.nanoTime() - t0) / 1e6);
            tour = polished;
        }
        return new Decoded(length, "tour length", tsp.isPermutation(tour), tour, d);
    }
}
