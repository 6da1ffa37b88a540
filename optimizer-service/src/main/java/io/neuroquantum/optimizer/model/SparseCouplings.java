package io.neuroquantum.optimizer.model;

/**
 * Symmetric sparse couplings in compressed sparse row form. Every pair {i, j} with a
 * non-zero weight is stored twice, as (i, j) and (j, i), with the same weight; the
 * diagonal is never stored. Row i's neighbours are {@code col[rowStart[i] .. rowStart[i+1])}
 * in increasing order, with weights at the same positions of {@code weight}.
 *
 * <p>Invariants: {@code rowStart[0] == 0}, {@code rowStart[n] == col.length == weight.length},
 * rows sorted and free of duplicates, all weights finite and non-zero.
 * The arrays are exposed for the solvers' inner loops and must not be modified.
 */
public final class SparseCouplings {

    private final int n;
    private final int[] rowStart;
    private final int[] col;
    private final double[] weight;

    SparseCouplings(int n, int[] rowStart, int[] col, double[] weight) {
        this.n = n;
        this.rowStart = rowStart;
        this.col = col;
        this.weight = weight;
    }

    public static SparseCouplings empty(int n) {
        return new SparseCouplings(n, new int[n + 1], new int[0], new double[0]);
    }

    public int size() {
        return n;
    }

    /** Number of distinct pairs (each stored twice). */
    public int pairCount() {
        return col.length / 2;
    }

    public int[] rowStart() {
        return rowStart;
    }

    public int[] col() {
        return col;
    }

    public double[] weight() {
        return weight;
    }

    public int degree(int i) {
        return rowStart[i + 1] - rowStart[i];
    }

    /** The weight of pair (i, j), 0 if absent; binary search in row i. */
    public double get(int i, int j) {
        int lo = rowStart[i];
        int hi = rowStart[i + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = col[mid];
            if (c < j) {
                lo = mid + 1;
            } else if (c > j) {
                hi = mid - 1;
            } else {
                return weight[mid];
            }
        }
        return 0.0;
    }

    /** Sum over i &lt; j of weight(i,j) * a[i] * a[j]. */
    public double pairSum(double[] a) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                row += weight[k] * a[col[k]];
            }
            s += a[i] * row;
        }
        return s / 2;
    }

    /** Sum over i &lt; j of weight(i,j). */
    public double totalWeight() {
        double s = 0;
        for (double w : weight) {
            s += w;
        }
        return s / 2;
    }

    /** Sum of |w| over row i. */
    public double rowAbsSum(int i) {
        double s = 0;
        for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
            s += Math.abs(weight[k]);
        }
        return s;
    }

    /** Returns a copy with every weight multiplied by {@code factor}. */
    public SparseCouplings scaled(double factor) {
        double[] w = new double[weight.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = weight[k] * factor;
        }
        return new SparseCouplings(n, rowStart, col, w);
    }
}
