package io.neuroquantum.optimizer.encode;

import io.neuroquantum.optimizer.model.CouplingBuilder;
import io.neuroquantum.optimizer.model.InvalidModelException;
import io.neuroquantum.optimizer.model.IsingModel;
import java.util.Map;

/**
 * Number partitioning: E(s) = (sum_i a_i s_i)^2 = sum_i a_i^2 + 2 sum_{i&lt;j} a_i a_j s_i s_j.
 * The objective is the difference |sum_i a_i s_i| between the two subsets' sums.
 */
public final class NumberPartitioningEncoding implements Encoding {

    private final double[] a;
    private final IsingModel ising;

    public NumberPartitioningEncoding(double[] numbers) {
        this.a = numbers.clone();
        int n = a.length;
        double off = 0;
        CouplingBuilder b = new CouplingBuilder(n);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i])) {
                throw new InvalidModelException("number " + i + " is not finite: " + a[i]);
            }
            off += a[i] * a[i];
            for (int j = i + 1; j < n; j++) {
                b.add(i, j, 2 * a[i] * a[j]);
            }
        }
        this.ising = new IsingModel(n, new double[n], b.build(), off);
    }

    @Override
    public String problem() {
        return "partition";
    }

    @Override
    public IsingModel ising() {
        return ising;
    }

    @Override
    public Decoded decode(int[] spins) {
        double diff = 0;
        int[] side = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            diff += a[i] * spins[i];
            side[i] = spins[i] > 0 ? 1 : 0;
        }
        return new Decoded(Math.abs(diff), "difference of subset sums", true, side, Map.of());
    }
}
