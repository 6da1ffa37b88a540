package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;

/**
 * Minimises an Ising energy. Contract, checked for every implementation by the solver
 * contract test: deterministic for a seed when the work budget completes; returns within
 * about one sweep after the time limit or a cancel; stops when the target energy is
 * reached; reports progress through the control.
 */
public interface IsingSolver {

    String name();

    SolveResult solve(IsingModel model, SolveOptions options, SolveControl control);
}
