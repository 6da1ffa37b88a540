package io.neuroquantum.optimizer.solve;

/**
 * One spin configuration with its local fields and energy, kept consistent by a
 * {@link Kernel}. Fields and energy are stored in the kernel's units: integers scaled by
 * {@code Kernel.scale} for the integer kernel, plain doubles otherwise.
 */
final class Replica {

    final int[] s;
    final int[] fi;
    final double[] fd;
    long ei;
    double ed;

    Replica(int n, boolean integer) {
        s = new int[n];
        fi = integer ? new int[n] : null;
        fd = integer ? null : new double[n];
    }
}
