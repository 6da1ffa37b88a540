package io.neuroquantum.optimizer.model;

/**
 * An Ising model over spins s_i in {-1, +1}:
 * <pre>
 *   E(s) = offset + sum_i h_i s_i + sum_{i&lt;j} J_ij s_i s_j
 * </pre>
 * Solvers minimise E. The local field of spin i is f_i = h_i + sum_j J_ij s_j, and flipping
 * s_i changes the energy by dE = -2 s_i f_i.
 */
public record IsingModel(int n, double[] h, SparseCouplings j, double offset) {

    public IsingModel {
        if (h.length != n || j.size() != n) {
            throw new InvalidModelException("field and coupling sizes disagree with n = " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(h[i])) {
                throw new InvalidModelException("non-finite field h[" + i + "] = " + h[i]);
            }
        }
        if (!Double.isFinite(offset)) {
            throw new InvalidModelException("non-finite offset " + offset);
        }
    }

    public double energy(int[] s) {
        double[] d = new double[n];
        double e = offset;
        for (int i = 0; i < n; i++) {
            d[i] = s[i];
            e += h[i] * s[i];
        }
        return e + j.pairSum(d);
    }

    public double energy(byte[] s) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = s[i];
        }
        return energy(t);
    }

    /** Exact conversion with x_i = (1 + s_i) / 2: the same energy for corresponding states. */
    public QuboModel toQubo() {
        // J s_i s_j = J (4 x_i x_j - 2 x_i - 2 x_j + 1);  h s_i = 2 h x_i - h
        double[] lin = new double[n];
        double off = offset;
        int[] rs = j.rowStart();
        int[] c = j.col();
        double[] w = j.weight();
        for (int i = 0; i < n; i++) {
            lin[i] += 2 * h[i];
            off -= h[i];
            for (int k = rs[i]; k < rs[i + 1]; k++) {
                lin[i] -= 2 * w[k];
                if (i < c[k]) {
                    off += w[k];
                }
            }
        }
        return new QuboModel(n, lin, j.scaled(4), off);
    }

    /** Largest |dE| any single flip can cause: 2 (|h_i| + sum_j |J_ij|), maximised over i. */
    public double maxFlipDelta() {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, 2 * (Math.abs(h[i]) + j.rowAbsSum(i)));
        }
        return m;
    }

    /**
     * Typical local-field magnitude: sigma = sqrt(mean_i (h_i^2 + sum_j J_ij^2)), the standard
     * deviation of the field f_i over uniformly random states (1 for an empty model).
     */
    public double fieldScale() {
        double sum = 0;
        double[] w = j.weight();
        int[] rs = j.rowStart();
        for (int i = 0; i < n; i++) {
            double f = h[i] * h[i];
            for (int k = rs[i]; k < rs[i + 1]; k++) {
                f += w[k] * w[k];
            }
            sum += f;
        }
        double sigma = Math.sqrt(sum / Math.max(1, n));
        return sigma > 0 ? sigma : 1;
    }

    /** Smallest non-zero |coefficient| (fields and couplings), a scale for the smallest energy step. */
    public double minAbsCoefficient() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : h) {
            if (v != 0) {
                m = Math.min(m, Math.abs(v));
            }
        }
        for (double v : j.weight()) {
            m = Math.min(m, Math.abs(v));
        }
        return Double.isInfinite(m) ? 1.0 : m;
    }
}
