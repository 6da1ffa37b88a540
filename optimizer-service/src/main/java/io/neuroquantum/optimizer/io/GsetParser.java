package io.neuroquantum.optimizer.io;

import io.neuroquantum.optimizer.model.Graph;
import io.neuroquantum.optimizer.model.Limits;

/**
 * Gset / rudy format: a header {@code n m}, then exactly m lines {@code i j w} with 1-based
 * vertex ids. Weights must be finite; the edge count must match the header.
 */
public final class GsetParser {

    private GsetParser() {
    }

    public static Graph parse(String text, Limits limits) {
        Lines in = new Lines("gset", text);
        String[] head = in.nextTokens();
        if (head == null || head.length < 2) {
            throw in.error("expected a header 'n m'");
        }
        long n = in.parseInt(head[0], "vertex count");
        long m = in.parseInt(head[1], "edge count");
        if (n < 0 || m < 0) {
            throw in.error("negative size in header: n = " + n + ", m = " + m);
        }
        if (n > limits.maxVariables()) {
            throw in.error("vertex count " + n + " exceeds the limit of " + limits.maxVariables());
        }
        if (m > limits.maxPairs()) {
            throw in.error("edge count " + m + " exceeds the limit of " + limits.maxPairs());
        }
        int[] u = new int[(int) m];
        int[] v = new int[(int) m];
        double[] w = new double[(int) m];
        for (int e = 0; e < m; e++) {
            String[] t = in.nextTokens();
            if (t == null) {
                throw in.error("header announces " + m + " edges, file has " + e);
            }
            if (t.length < 3) {
                throw in.error("expected 'i j w', got " + t.length + " fields");
            }
            int a = in.parseInt(t[0], "vertex");
            int b = in.parseInt(t[1], "vertex");
            if (a < 1 || a > n || b < 1 || b > n) {
                throw in.error("vertex outside 1.." + n + ": " + a + " " + b);
            }
            if (a == b) {
                throw in.error("self loop on vertex " + a);
            }
            u[e] = a - 1;
            v[e] = b - 1;
            w[e] = in.parseDouble(t[2], "weight");
        }
        if (in.nextTokens() != null) {
            throw in.error("more edge lines than the " + m + " announced");
        }
        return new Graph((int) n, u, v, w);
    }
}
