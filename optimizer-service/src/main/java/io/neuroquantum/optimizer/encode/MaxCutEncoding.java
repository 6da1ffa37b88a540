package io.neuroquantum.optimizer.encode;

import io.neuroquantum.optimizer.model.Graph;
import io.neuroquantum.optimizer.model.IsingModel;
import java.util.Map;

/**
 * Max-Cut: spins are the two sides; E(s) = sum_{(i,j)} w_ij s_i s_j, and
 * cut(s) = (W - E(s)) / 2 with W the total edge weight. Every assignment is a valid cut.
 */
public final class MaxCutEncoding implements Encoding {

    private final Graph graph;
    private final IsingModel ising;
    private final double total;

    public MaxCutEncoding(Graph graph) {
        this.graph = graph;
        this.ising = new IsingModel(graph.n(), new double[graph.n()], graph.adjacency(), 0);
        this.total = graph.totalWeight();
    }

    @Override
    public String problem() {
        return "maxcut";
    }

    @Override
    public IsingModel ising() {
        return ising;
    }

    public double cut(int[] s) {
        double c = 0;
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (s[graph.u()[e]] != s[graph.v()[e]]) {
                c += graph.w()[e];
            }
        }
        return c;
    }

    public double cutFromEnergy(double energy) {
        return (total - energy) / 2;
    }

    @Override
    public Double energyForObjective(double cut) {
        return total - 2 * cut;
    }

    @Override
    public Decoded decode(int[] spins) {
        int[] side = new int[spins.length];
        for (int i = 0; i < spins.length; i++) {
            side[i] = spins[i] > 0 ? 1 : 0;
        }
        return new Decoded(cut(spins), "cut weight", true, side, Map.of("totalWeight", total));
    }
}
