package io.neuroquantum.optimizer.model;

/**
 * A QUBO over x_i in {0, 1}:
 * <pre>
 *   E(x) = offset + sum_i a_i x_i + sum_{i&lt;j} Q_ij x_i x_j
 * </pre>
 * (a diagonal Q_ii is a linear term since x_i^2 = x_i).
 */
public record QuboModel(int n, double[] linear, SparseCouplings quadratic, double offset) {

    public QuboModel {
        if (linear.length != n || quadratic.size() != n) {
            throw new InvalidModelException("linear and quadratic sizes disagree with n = " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(linear[i])) {
                throw new InvalidModelException("non-finite linear term a[" + i + "] = " + linear[i]);
            }
        }
        if (!Double.isFinite(offset)) {
            throw new InvalidModelException("non-finite offset " + offset);
        }
    }

    public double energy(int[] x) {
        double[] d = new double[n];
        double e = offset;
        for (int i = 0; i < n; i++) {
            d[i] = x[i];
            e += linear[i] * x[i];
        }
        return e + quadratic.pairSum(d);
    }

    /** Exact conversion with s_i = 2 x_i - 1: the same energy for corresponding states. */
    public IsingModel toIsing() {
        // Q x_i x_j = Q/4 (1 + s_i + s_j + s_i s_j);  a x_i = a/2 (1 + s_i)
        double[] h = new double[n];
        double off = offset;
        int[] rs = quadratic.rowStart();
        int[] c = quadratic.col();
        double[] w = quadratic.weight();
        for (int i = 0; i < n; i++) {
            h[i] += linear[i] / 2;
            off += linear[i] / 2;
            for (int k = rs[i]; k < rs[i + 1]; k++) {
                h[i] += w[k] / 4;
                if (i < c[k]) {
                    off += w[k] / 4;
                }
            }
        }
        return new IsingModel(n, h, quadratic.scaled(0.25), off);
    }

    public static int[] spinsToBits(int[] s) {
        int[] x = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            x[i] = s[i] > 0 ? 1 : 0;
        }
        return x;
    }

    public static int[] bitsToSpins(int[] x) {
        int[] s = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = x[i] != 0 ? 1 : -1;
        }
        return s;
    }
}
