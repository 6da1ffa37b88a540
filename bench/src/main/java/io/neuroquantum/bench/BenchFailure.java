package io.neuroquantum.bench;

/** A benchmark saw a wrong answer (missing row, wrong value, short scan): the run stops, nothing is written. */
public final class BenchFailure extends RuntimeException {

    public BenchFailure(String message) {
        super(message);
    }
}
