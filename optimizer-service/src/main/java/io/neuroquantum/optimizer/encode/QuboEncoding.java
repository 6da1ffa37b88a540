package io.neuroquantum.optimizer.encode;

import io.neuroquantum.optimizer.model.IsingModel;
import io.neuroquantum.optimizer.model.QuboModel;
import java.util.Map;

/** A generic QUBO, solved through its exact Ising form; the objective is the QUBO energy. */
public final class QuboEncoding implements Encoding {

    private final QuboModel qubo;
    private final IsingModel ising;

    public QuboEncoding(QuboModel qubo) {
        this.qubo = qubo;
        this.ising = qubo.toIsing();
    }

    @Override
    public String problem() {
        return "qubo";
    }

    @Override
    public IsingModel ising() {
        return ising;
    }

    @Override
    public Double energyForObjective(double objective) {
        return objective;
    }

    @Override
    public Decoded decode(int[] spins) {
        int[] x = QuboModel.spinsToBits(spins);
        return new Decoded(qubo.energy(x), "qubo energy", true, x, Map.of());
    }
}
