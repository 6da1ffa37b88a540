package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;

/** Single-flip descent to a local minimum: used as a polish after PT and SQA, and as a baseline. */
public final class GreedyDescent {

    private GreedyDescent() {
    }

    /** Improves {@code spins} in place until no single flip lowers the energy; returns the energy. */
    public static double polish(IsingModel model, int[] spins) {
        Kernel k = Kernel.of(model);
        Replica r = k.newReplica();
        System.arraycopy(spins, 0, r.s, 0, spins.length);
        k.init(r);
        descend(k, r);
        System.arraycopy(r.s, 0, spins, 0, spins.length);
        return k.energy(r);
    }

    static void descend(Kernel k, Replica r) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < k.n; i++) {
                if (k.delta(r, i) < -1e-12) {
                    k.flip(r, i);
                    changed = true;
                }
            }
        }
    }
}
