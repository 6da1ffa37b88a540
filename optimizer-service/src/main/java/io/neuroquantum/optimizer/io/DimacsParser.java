package io.neuroquantum.optimizer.io;

import io.neuroquantum.optimizer.model.Graph;
import io.neuroquantum.optimizer.model.Limits;
import java.util.Arrays;

/**
 * DIMACS {@code .col}: {@code c} comments, {@code p edge n m}, then {@code e u v} lines
 * (1-based). The header's m is not trusted (some files count each edge twice); edges
 * are de-duplicated regardless of orientation. All weights are 1.
 */
public final class DimacsParser {

    private DimacsParser() {
    }

    public static Graph parse(String text, Limits limits) {
        Lines in = new Lines("dimacs", text);
        long n = -1;
        long[] keys = new long[16];
        int m = 0;
        String[] t;
        while ((t = in.nextTokens()) != null) {
            switch (t[0]) {
                case "c" -> { }
                case "p" -> {
                    if (n >= 0) {
                        throw in.error("second 'p' line");
                    }
                    if (t.length < 4) {
                        throw in.error("expected 'p edge n m'");
                    }
                    n = in.parseInt(t[2], "vertex count");
                    long declared = in.parseInt(t[3], "edge count");
                    if (n < 0 || declared < 0) {
                        throw in.error("negative size in header: n = " + n + ", m = " + declared);
                    }
                    if (n > limits.maxVariables()) {
                        throw in.error("vertex count " + n + " exceeds the limit of " + limits.maxVariables());
                    }
                }
                case "e" -> {
                    if (n < 0) {
                        throw in.error("edge before the 'p' line");
                    }
                    if (t.length < 3) {
                        throw in.error("expected 'e u v'");
                    }
                    int a = in.parseInt(t[1], "vertex");
                    int b = in.parseInt(t[2], "vertex");
                    if (a < 1 || a > n || b < 1 || b > n) {
                        throw in.error("vertex outside 1.." + n + ": " + a + " " + b);
                    }
                    if (a == b) {
                        throw in.error("self loop on vertex " + a);
                    }
                    if (m == keys.length) {
                        if (m >= 2 * limits.maxPairs()) {
                            throw in.error("more than " + limits.maxPairs() + " edges");
                        }
                        keys = Arrays.copyOf(keys, m * 2);
                    }
                    keys[m++] = ((long) Math.min(a, b) - 1) << 32 | (Math.max(a, b) - 1);
                }
                default -> throw in.error("unknown line type '" + t[0] + "'");
            }
        }
        if (n < 0) {
            throw in.error("no 'p edge n m' line");
        }
        Arrays.sort(keys, 0, m);
        int distinct = 0;
        for (int k = 0; k < m; k++) {
            if (k == 0 || keys[k] != keys[k - 1]) {
                keys[distinct++] = keys[k];
            }
        }
        if (distinct > limits.maxPairs()) {
            throw in.error("edge count " + distinct + " exceeds the limit of " + limits.maxPairs());
        }
        int[] u = new int[distinct];
        int[] v = new int[distinct];
        double[] w = new double[distinct];
        for (int k = 0; k < distinct; k++) {
            u[k] = (int) (keys[k] >>> 32);
            v[k] = (int) keys[k];
            w[k] = 1;
        }
        return new Graph((int) n, u, v, w);
    }
}
