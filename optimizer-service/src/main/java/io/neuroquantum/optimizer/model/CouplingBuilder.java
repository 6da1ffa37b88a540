package io.neuroquantum.optimizer.model;

import java.util.Arrays;

/**
 * Accumulates pair terms (i, j, w) — in any order, with repeats, either orientation —
 * and builds {@link SparseCouplings}: repeated pairs are summed, pairs summing to zero
 * are dropped. Memory is two arrays of the number of terms added, bounded by
 * {@code maxTerms} (an {@link InvalidModelException} beyond it).
 */
public final class CouplingBuilder {

    private final int n;
    private final long maxTerms;
    private int[] a = new int[16];
    private int[] b = new int[16];
    private double[] w = new double[16];
    private int size;

    public CouplingBuilder(int n) {
        this(n, Integer.MAX_VALUE / 2);
    }

    public CouplingBuilder(int n, long maxTerms) {
        if (n < 0) {
            throw new InvalidModelException("negative number of variables: " + n);
        }
        this.n = n;
        this.maxTerms = maxTerms;
    }

    public int size() {
        return n;
    }

    /** Adds w to the pair {i, j}; i == j is rejected (a diagonal term is linear, add it there). */
    public CouplingBuilder add(int i, int j, double weight) {
        if (i < 0 || i >= n || j < 0 || j >= n) {
            throw new InvalidModelException("variable index out of range 0.." + (n - 1) + ": (" + i + ", " + j + ")");
        }
        if (i == j) {
            throw new InvalidModelException("pair term on the diagonal (" + i + ", " + i + "); use a linear term");
        }
        if (!Double.isFinite(weight)) {
            throw new InvalidModelException("non-finite weight " + weight + " on (" + i + ", " + j + ")");
        }
        if (weight == 0) {
            return this;
        }
        if (size == a.length) {
            if (size >= maxTerms) {
                throw new InvalidModelException("more than " + maxTerms + " pair terms");
            }
            int cap = (int) Math.min(Math.max(16, (long) size * 2), Integer.MAX_VALUE - 8);
            a = Arrays.copyOf(a, cap);
            b = Arrays.copyOf(b, cap);
            w = Arrays.copyOf(w, cap);
        }
        a[size] = i;
        b[size] = j;
        w[size] = weight;
        size++;
        return this;
    }

    public SparseCouplings build() {
        int[] count = new int[n + 1];
        for (int t = 0; t < size; t++) {
            count[a[t] + 1]++;
            count[b[t] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            count[i + 1] += count[i];
        }
        int[] fill = Arrays.copyOf(count, n);
        // (col << 32 | term) keeps the column order and remembers which term a slot came from.
        long[] slot = new long[2 * size];
        for (int t = 0; t < size; t++) {
            slot[fill[a[t]]++] = ((long) b[t] << 32) | t;
            slot[fill[b[t]]++] = ((long) a[t] << 32) | t;
        }
        int[] rowStart = new int[n + 1];
        int[] col = new int[2 * size];
        double[] weight = new double[2 * size];
        int out = 0;
        for (int i = 0; i < n; i++) {
            rowStart[i] = out;
            int from = count[i];
            int to = count[i + 1];
            Arrays.sort(slot, from, to);
            int k = from;
            while (k < to) {
                int c = (int) (slot[k] >>> 32);
                double sum = 0;
                while (k < to && (int) (slot[k] >>> 32) == c) {
                    sum += w[(int) slot[k]];
                    k++;
                }
                if (sum != 0) {
                    col[out] = c;
                    weight[out] = sum;
                    out++;
                }
            }
        }
        rowStart[n] = out;
        return new SparseCouplings(n, rowStart, Arrays.copyOf(col, out), Arrays.copyOf(weight, out));
    }
}
