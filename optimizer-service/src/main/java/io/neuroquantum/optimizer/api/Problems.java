package io.neuroquantum.optimizer.api;

import io.neuroquantum.optimizer.encode.ColoringEncoding;
import io.neuroquantum.optimizer.encode.Encoding;
import io.neuroquantum.optimizer.encode.MaxCutEncoding;
import io.neuroquantum.optimizer.encode.NumberPartitioningEncoding;
import io.neuroquantum.optimizer.encode.QuboEncoding;
import io.neuroquantum.optimizer.encode.TspEncoding;
import io.neuroquantum.optimizer.io.DimacsParser;
import io.neuroquantum.optimizer.io.GsetParser;
import io.neuroquantum.optimizer.io.TsplibParser;
import io.neuroquantum.optimizer.model.CouplingBuilder;
import io.neuroquantum.optimizer.model.Graph;
import io.neuroquantum.optimizer.model.InvalidModelException;
import io.neuroquantum.optimizer.model.Limits;
import io.neuroquantum.optimizer.model.QuboModel;
import io.neuroquantum.optimizer.model.TspInstance;
import java.util.Locale;

/** Builds the encoding a request asks for, checking sizes against the limits first. */
public final class Problems {

    private Problems() {
    }

    public static Encoding encode(SolveRequest r, Limits limits) {
        String problem = lower(r.problem(), null);
        if (problem == null) {
            throw new InvalidModelException("'problem' is required: maxcut, coloring, tsp, qubo or partition");
        }
        String format = lower(r.format(), "json");
        Params p = new Params(r.params());
        return switch (problem) {
            case "maxcut" -> new MaxCutEncoding(graph(r, format, limits));
            case "coloring", "colouring" -> {
                Graph g = graph(r, format, limits);
                int k = r.colors() != null ? r.colors() : ColoringEncoding.dsaturColours(g);
                yield new ColoringEncoding(g, k, limits);
            }
            case "tsp" -> new TspEncoding(tsp(r, format, limits), p.number("penaltyFactor", 1.0, 1e-6, 1e6),
                    p.integer("polishMs", 0, -1, (int) Math.min(Integer.MAX_VALUE, limits.maxTimeLimitMs())),
                    r.seed() == null ? 1 : r.seed(), limits);
            case "qubo" -> new QuboEncoding(qubo(r, format, limits));
            case "partition" -> {
                if (r.numbers() == null) {
                    throw new InvalidModelException("'numbers' is required for partition");
                }
                limits.checkVariables(r.numbers().length, "numbers");
                limits.checkPairs((long) r.numbers().length * (r.numbers().length - 1) / 2, "partition pairs");
                yield new NumberPartitioningEncoding(r.numbers());
            }
            default -> throw new InvalidModelException("unknown problem '" + r.problem()
                    + "'; expected maxcut, coloring, tsp, qubo or partition");
        };
    }

    private static String lower(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s.strip().toLowerCase(Locale.ROOT);
    }

    private static String text(SolveRequest r, String format) {
        if (r.data() == null) {
            throw new InvalidModelException("'data' (the " + format + " file's text) is required for format " + format);
        }
        return r.data();
    }

    static Graph graph(SolveRequest r, String format, Limits limits) {
        return switch (format) {
            case "gset", "rudy" -> GsetParser.parse(text(r, format), limits);
            case "dimacs" -> DimacsParser.parse(text(r, format), limits);
            case "json" -> {
                if (r.n() == null || r.edges() == null) {
                    throw new InvalidModelException("a JSON graph needs 'n' and 'edges' ([i, j, w], 0-based)");
                }
                limits.checkVariables(r.n(), "vertex count n");
                limits.checkPairs(r.edges().length, "edge count");
                int m = r.edges().length;
                int[] u = new int[m];
                int[] v = new int[m];
                double[] w = new double[m];
                for (int e = 0; e < m; e++) {
                    double[] t = r.edges()[e];
                    if (t == null || t.length < 2 || t.length > 3) {
                        throw new InvalidModelException("edges[" + e + "] must be [i, j] or [i, j, w]");
                    }
                    u[e] = index(t[0], r.n(), "edges[" + e + "][0]");
                    v[e] = index(t[1], r.n(), "edges[" + e + "][1]");
                    w[e] = t.length == 3 ? t[2] : 1;
                }
                yield new Graph(r.n(), u, v, w);
            }
            default -> throw new InvalidModelException("format '" + format + "' does not describe a graph; use gset, dimacs or json");
        };
    }

    private static int index(double d, int n, String where) {
        if (d != Math.rint(d) || d < 0 || d >= n) {
            throw new InvalidModelException(where + " = " + d + " is not a vertex index in 0.." + (n - 1));
        }
        return (int) d;
    }

    static TspInstance tsp(SolveRequest r, String format, Limits limits) {
        return switch (format) {
            case "tsplib" -> TsplibParser.parse(text(r, format), limits);
            case "json" -> {
                if (r.cities() != null) {
                    int n = r.cities().length;
                    if (n > limits.maxCities()) {
                        throw new InvalidModelException("city count " + n + " exceeds the limit of " + limits.maxCities());
                    }
                    double[] x = new double[n];
                    double[] y = new double[n];
                    for (int i = 0; i < n; i++) {
                        double[] c = r.cities()[i];
                        if (c == null || c.length != 2 || !Double.isFinite(c[0]) || !Double.isFinite(c[1])) {
                            throw new InvalidModelException("cities[" + i + "] must be [x, y] with finite numbers");
                        }
                        x[i] = c[0];
                        y[i] = c[1];
                    }
                    yield TspInstance.euclidean("json", x, y);
                }
                if (r.distances() != null) {
                    int n = r.distances().length;
                    if (n > limits.maxCities()) {
                        throw new InvalidModelException("city count " + n + " exceeds the limit of " + limits.maxCities());
                    }
                    int[] d = new int[n * n];
                    for (int i = 0; i < n; i++) {
                        if (r.distances()[i] == null || r.distances()[i].length != n) {
                            throw new InvalidModelException("distances must be an n x n matrix; row " + i + " is not");
                        }
                        for (int j = 0; j < n; j++) {
                            long v = r.distances()[i][j];
                            if (v < 0 || v > Integer.MAX_VALUE / 4) {
                                throw new InvalidModelException("distances[" + i + "][" + j + "] = " + v + " is negative or too large");
                            }
                            d[i * n + j] = (int) v;
                        }
                    }
                    yield new TspInstance("json", n, d);
                }
                throw new InvalidModelException("a JSON TSP needs 'cities' or 'distances'");
            }
            default -> throw new InvalidModelException("format '" + format + "' does not describe a TSP; use tsplib or json");
        };
    }

    static QuboModel qubo(SolveRequest r, String format, Limits limits) {
        if (!format.equals("json")) {
            throw new InvalidModelException("a QUBO comes as JSON ('n', 'linear', 'quadratic', 'offset')");
        }
        if (r.n() == null) {
            throw new InvalidModelException("a QUBO needs 'n'");
        }
        int n = r.n();
        limits.checkVariables(n, "variable count n");
        double[] lin = r.linear() == null ? new double[n] : r.linear();
        if (lin.length != n) {
            throw new InvalidModelException("'linear' has " + lin.length + " entries, n is " + n);
        }
        double[][] quad = r.quadratic() == null ? new double[0][] : r.quadratic();
        limits.checkPairs(quad.length, "quadratic term count");
        CouplingBuilder b = new CouplingBuilder(n);
        double[] linear = lin.clone();
        for (int k = 0; k < quad.length; k++) {
            double[] t = quad[k];
            if (t == null || t.length != 3) {
                throw new InvalidModelException("quadratic[" + k + "] must be [i, j, Q_ij]");
            }
            int i = index(t[0], n, "quadratic[" + k + "][0]");
            int j = index(t[1], n, "quadratic[" + k + "][1]");
            if (!Double.isFinite(t[2])) {
                throw new InvalidModelException("quadratic[" + k + "] has a non-finite weight " + t[2]);
            }
            if (i == j) {
                linear[i] += t[2]; // x_i^2 = x_i
            } else {
                b.add(i, j, t[2]);
            }
        }
        return new QuboModel(n, linear, b.build(), r.offset() == null ? 0 : r.offset());
    }
}
