package io.neuroquantum.optimizer.encode;

import io.neuroquantum.optimizer.model.IsingModel;

/** A problem written as an Ising model, with the way back from spins to a solution. */
public interface Encoding {

    /** The problem kind ({@code maxcut}, {@code tsp}, ...). */
    String problem();

    IsingModel ising();

    /** Reads spins (+1/-1, one per Ising variable) as a solution, with validity checks. */
    Decoded decode(int[] spins);

    /**
     * Solver parameters this encoding recommends for {@code solver} (same keys as the request's
     * {@code params}, which override them); empty by default.
     */
    default java.util.Map<String, Object> solverDefaults(String solver) {
        return java.util.Map.of();
    }

    /** The Ising energy corresponding to an objective value, if that is a linear map (for targets). */
    default Double energyForObjective(double objective) {
        return null;
    }
}
