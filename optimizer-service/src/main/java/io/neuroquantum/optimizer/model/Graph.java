package io.neuroquantum.optimizer.model;

/**
 * An undirected weighted graph on vertices 0..n-1, as parallel edge arrays (no self loops;
 * parsers decide whether duplicates are merged).
 */
public record Graph(int n, int[] u, int[] v, double[] w) {

    public Graph {
        if (n < 0) {
            throw new InvalidModelException("negative vertex count " + n);
        }
        if (u.length != v.length || u.length != w.length) {
            throw new InvalidModelException("edge arrays of different lengths");
        }
        for (int e = 0; e < u.length; e++) {
            if (u[e] < 0 || u[e] >= n || v[e] < 0 || v[e] >= n) {
                throw new InvalidModelException("edge " + (e + 1) + " (" + (u[e] + 1) + ", " + (v[e] + 1)
                        + ") has a vertex outside 1.." + n);
            }
            if (u[e] == v[e]) {
                throw new InvalidModelException("edge " + (e + 1) + " is a self loop on vertex " + (u[e] + 1));
            }
            if (!Double.isFinite(w[e])) {
                throw new InvalidModelException("edge " + (e + 1) + " has a non-finite weight " + w[e]);
            }
        }
    }

    public int edgeCount() {
        return u.length;
    }

    public double totalWeight() {
        double s = 0;
        for (double x : w) {
            s += x;
        }
        return s;
    }

    /** Adjacency as symmetric couplings (duplicate edges summed). */
    public SparseCouplings adjacency() {
        CouplingBuilder b = new CouplingBuilder(n);
        for (int e = 0; e < u.length; e++) {
            b.add(u[e], v[e], w[e]);
        }
        return b.build();
    }

    public int maxDegree() {
        int[] d = new int[n];
        int m = 0;
        for (int e = 0; e < u.length; e++) {
            m = Math.max(m, Math.max(++d[u[e]], ++d[v[e]]));
        }
        return m;
    }
}
