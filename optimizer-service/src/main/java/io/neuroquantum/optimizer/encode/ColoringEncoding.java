package io.neuroquantum.optimizer.encode;

import io.neuroquantum.optimizer.model.CouplingBuilder;
import io.neuroquantum.optimizer.model.Graph;
import io.neuroquantum.optimizer.model.InvalidModelException;
import io.neuroquantum.optimizer.model.IsingModel;
import io.neuroquantum.optimizer.model.Limits;
import io.neuroquantum.optimizer.model.QuboModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Graph colouring with K colours, one-hot: x_{v,c} = 1 iff vertex v has colour c
 * (variable v*K + c).
 * <pre>
 *   E(x) = A sum_v (1 - sum_c x_{v,c})^2  +  B sum_{(u,v) in E} sum_c x_{u,c} x_{v,c}
 * </pre>
 * E = 0 exactly for proper K-colourings, whatever A, B &gt; 0; A only shapes the landscape.
 * B = 1 and A = max(1, ceil(avgDegree / K)): a vertex gives up its colour (an uncoloured
 * vertex costs A) only when its conflicts exceed what a colour costs on average. Decoding
 * takes, per vertex, the set colour with the fewest conflicts, then repairs uncoloured and
 * conflicting vertices greedily; raw and remaining conflicts are both reported.
 */
public final class ColoringEncoding implements Encoding {

    private final Graph graph;
    private final int k;
    private final double penalty;
    private final IsingModel ising;
    private final int[][] adj;

    public ColoringEncoding(Graph graph, int colors, Limits limits) {
        if (colors < 1) {
            throw new InvalidModelException("number of colours must be at least 1, got " + colors);
        }
        if (colors > limits.maxColors()) {
            throw new InvalidModelException("number of colours " + colors + " exceeds the limit of " + limits.maxColors());
        }
        long vars = (long) graph.n() * colors;
        limits.checkVariables(vars, "colouring variables (n*K)");
        limits.checkPairs((long) graph.n() * colors * (colors - 1) / 2 + (long) graph.edgeCount() * colors,
                "colouring pairs");
        this.graph = graph;
        this.k = colors;
        this.adj = adjacencyLists(graph);
        double avgDeg = graph.n() == 0 ? 0 : 2.0 * graph.edgeCount() / graph.n();
        this.penalty = Math.max(1, Math.ceil(avgDeg / colors));
        int n = graph.n();
        int m = (int) vars;
        double[] lin = new double[m];
        CouplingBuilder b = new CouplingBuilder(m);
        // A (1 - sum x)^2 = A (1 - sum x + 2 sum_{c<c'} x x)
        for (int v = 0; v < n; v++) {
            for (int c = 0; c < colors; c++) {
                lin[v * colors + c] = -penalty;
                for (int c2 = c + 1; c2 < colors; c2++) {
                    b.add(v * colors + c, v * colors + c2, 2 * penalty);
                }
            }
        }
        for (int e = 0; e < graph.edgeCount(); e++) {
            for (int c = 0; c < colors; c++) {
                b.add(graph.u()[e] * colors + c, graph.v()[e] * colors + c, 1.0);
            }
        }
        this.ising = new QuboModel(m, lin, b.build(), penalty * n).toIsing();
    }

    static int[][] adjacencyLists(Graph g) {
        int[] deg = new int[g.n()];
        for (int e = 0; e < g.edgeCount(); e++) {
            deg[g.u()[e]]++;
            deg[g.v()[e]]++;
        }
        int[][] adj = new int[g.n()][];
        for (int v = 0; v < g.n(); v++) {
            adj[v] = new int[deg[v]];
            deg[v] = 0;
        }
        for (int e = 0; e < g.edgeCount(); e++) {
            adj[g.u()[e]][deg[g.u()[e]]++] = g.v()[e];
            adj[g.v()[e]][deg[g.v()[e]]++] = g.u()[e];
        }
        return adj;
    }

    public int colors() {
        return k;
    }

    public double penalty() {
        return penalty;
    }

    @Override
    public String problem() {
        return "coloring";
    }

    @Override
    public IsingModel ising() {
        return ising;
    }

    @Override
    public Double energyForObjective(double objective) {
        return null;
    }

    @Override
    public Decoded decode(int[] spins) {
        int n = graph.n();
        int[] colour = new int[n];
        int oneHotViolations = 0;
        for (int v = 0; v < n; v++) {
            int best = -1;
            int bestConf = Integer.MAX_VALUE;
            int on = 0;
            for (int c = 0; c < k; c++) {
                if (spins[v * k + c] > 0) {
                    on++;
                    int conf = 0;
                    for (int u : adj[v]) {
                        if (spins[u * k + c] > 0) {
                            conf++;
                        }
                    }
                    if (conf < bestConf) {
                        bestConf = conf;
                        best = c;
                    }
                }
            }
            if (on != 1) {
                oneHotViolations++;
            }
            colour[v] = best;
        }
        int rawConflicts = conflicts(colour);
        int uncoloured = 0;
        for (int c : colour) {
            if (c < 0) {
                uncoloured++;
            }
        }
        repair(colour);
        int remaining = conflicts(colour);
        boolean[] used = new boolean[k];
        int usedCount = 0;
        for (int c : colour) {
            if (!used[c]) {
                used[c] = true;
                usedCount++;
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("colorsAllowed", k);
        d.put("penaltyA", penalty);
        d.put("rawOneHotViolations", oneHotViolations);
        d.put("rawUncoloured", uncoloured);
        d.put("rawConflicts", rawConflicts);
        d.put("conflictsAfterRepair", remaining);
        return new Decoded(usedCount, "colours used", remaining == 0, colour, d);
    }

    /** Number of edges whose ends share a colour (uncoloured ends never conflict). */
    public int conflicts(int[] colour) {
        int c = 0;
        for (int e = 0; e < graph.edgeCount(); e++) {
            int a = colour[graph.u()[e]];
            if (a >= 0 && a == colour[graph.v()[e]]) {
                c++;
            }
        }
        return c;
    }

    private void repair(int[] colour) {
        int[] count = new int[k];
        for (int pass = 0; pass < 5; pass++) {
            boolean changed = false;
            for (int v = 0; v < colour.length; v++) {
                java.util.Arrays.fill(count, 0);
                for (int u : adj[v]) {
                    if (colour[u] >= 0) {
                        count[colour[u]]++;
                    }
                }
                int cur = colour[v];
                if (cur >= 0 && count[cur] == 0) {
                    continue;
                }
                int best = cur >= 0 ? cur : 0;
                for (int c = 0; c < k; c++) {
                    if (count[c] < count[best]) {
                        best = c;
                    }
                }
                if (best != cur) {
                    colour[v] = best;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
    }

    /** DSATUR greedy colouring: an upper bound on the chromatic number (used when K is not given). */
    public static int dsaturColours(Graph g) {
        int n = g.n();
        int[][] adj = adjacencyLists(g);
        int[] colour = new int[n];
        java.util.Arrays.fill(colour, -1);
        java.util.BitSet[] seen = new java.util.BitSet[n];
        for (int v = 0; v < n; v++) {
            seen[v] = new java.util.BitSet();
        }
        int used = 0;
        for (int step = 0; step < n; step++) {
            int pick = -1;
            for (int v = 0; v < n; v++) {
                if (colour[v] < 0 && (pick < 0 || seen[v].cardinality() > seen[pick].cardinality()
                        || (seen[v].cardinality() == seen[pick].cardinality() && adj[v].length > adj[pick].length))) {
                    pick = v;
                }
            }
            int c = seen[pick].nextClearBit(0);
            colour[pick] = c;
            used = Math.max(used, c + 1);
            for (int u : adj[pick]) {
                seen[u].set(c);
            }
        }
        return used;
    }
}
