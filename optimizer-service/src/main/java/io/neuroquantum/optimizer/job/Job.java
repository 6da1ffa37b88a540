package io.neuroquantum.optimizer.job;

import io.neuroquantum.optimizer.api.OptimizerService;
import io.neuroquantum.optimizer.api.SolveResponse;
import io.neuroquantum.optimizer.solve.Progress;
import io.neuroquantum.optimizer.solve.SolveControl;
import java.time.Instant;

/**
 * One asynchronous solve. State changes are published through volatile fields; the
 * worker thread is the only writer of {@code progress}, {@code result} and {@code error}.
 */
public final class Job {

    private final String id;
    private final OptimizerService.Prepared prepared;
    private final SolveControl control;
    private final Instant submitted = Instant.now();
    private volatile JobState state = JobState.QUEUED;
    private volatile Progress progress;
    private volatile SolveResponse result;
    private volatile String error;
    private volatile Instant finished;

    Job(String id, OptimizerService.Prepared prepared) {
        this.id = id;
        this.prepared = prepared;
        this.control = new SolveControl(p -> this.progress = p);
    }

    public String id() {
        return id;
    }

    public JobState state() {
        return state;
    }

    public Progress progress() {
        return progress;
    }

    public SolveResponse result() {
        return result;
    }

    public String error() {
        return error;
    }

    public Instant submitted() {
        return submitted;
    }

    public Instant finished() {
        return finished;
    }

    public String problem() {
        return prepared.encoding().problem();
    }

    public String solver() {
        return prepared.solver().name();
    }

    public long timeLimitMs() {
        return prepared.options().timeLimitMs();
    }

    boolean isFinished() {
        return state == JobState.DONE || state == JobState.FAILED || state == JobState.CANCELLED;
    }

    void cancel() {
        control.cancel();
        synchronized (this) {
            if (state == JobState.QUEUED) {
                state = JobState.CANCELLED;
                finished = Instant.now();
            }
        }
    }

    void run(OptimizerService service) {
        synchronized (this) {
            if (state != JobState.QUEUED) {
                return;
            }
            state = JobState.RUNNING;
        }
        try {
            SolveResponse r = service.run(prepared, control);
            result = r;
            state = control.isCancelled() ? JobState.CANCELLED : JobState.DONE;
        } catch (RuntimeException | OutOfMemoryError e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            state = JobState.FAILED;
        } finally {
            finished = Instant.now();
        }
    }
}
