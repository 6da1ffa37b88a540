package io.neuroquantum.bench;

/** A benchmark saw a wrong answer (missing row, wrong value, short scan): the run stops, nothing is written. */
final class BenchFailure extends RuntimeException {

    BenchFailure(String message) {
        super(message);
    }
}
