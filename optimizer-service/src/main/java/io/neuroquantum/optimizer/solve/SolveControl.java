package io.neuroquantum.optimizer.solve;

import java.util.function.Consumer;

/**
 * The caller's handle on a running solve: a cancellation flag that solvers poll at least
 * once per sweep, and a progress listener called (from worker threads, serialised) each
 * time the best energy improves and at the end. Listeners must be quick.
 */
public final class SolveControl {

    private volatile boolean cancelled;
    private final Consumer<Progress> listener;

    public SolveControl() {
        this(p -> { });
    }

    public SolveControl(Consumer<Progress> listener) {
        this.listener = listener;
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void report(Progress p) {
        listener.accept(p);
    }
}
