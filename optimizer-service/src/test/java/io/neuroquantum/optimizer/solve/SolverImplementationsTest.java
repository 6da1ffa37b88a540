package io.neuroquantum.optimizer.solve;

import org.junit.jupiter.api.Nested;

class SolverImplementationsTest {

    @Nested
    class SimulatedAnnealingContract extends SolverContractTest {
        @Override
        IsingSolver solver() {
            return new SimulatedAnnealing();
        }
    }

    @Nested
    class TabuSearchContract extends SolverContractTest {
        @Override
        IsingSolver solver() {
            return new TabuSearch();
        }

        @Override
        SolveOptions small(long seed) {
            return SolveOptions.of(seed, 60_000).withSweeps(200).withRestarts(2).withThreads(2);
        }
    }

    @Nested
    class ParallelTemperingContract extends SolverContractTest {
        @Override
        IsingSolver solver() {
            return new ParallelTempering(new ParallelTempering.Params(8, Double.NaN, Double.NaN, 0.2));
        }

        @Override
        SolveOptions small(long seed) {
            return SolveOptions.of(seed, 60_000).withSweeps(1000).withThreads(2);
        }
    }

    /** Restarts every 20 stalled rounds, so that the contract (determinism across thread counts,
     * optimum of small instances) is checked across epochs too. */
    @Nested
    class ParallelTemperingWithRestartsContract extends SolverContractTest {
        @Override
        IsingSolver solver() {
            return new ParallelTempering(new ParallelTempering.Params(8, Double.NaN, Double.NaN, 0.2, 20));
        }

        @Override
        SolveOptions small(long seed) {
            return SolveOptions.of(seed, 60_000).withSweeps(1000).withThreads(2);
        }
    }

    @Nested
    class SimulatedQuantumAnnealingContract extends SolverContractTest {
        @Override
        IsingSolver solver() {
            return new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Params.DEFAULT.withSlices(8));
        }
    }
}
