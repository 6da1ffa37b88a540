package io.neuroquantum.optimizer.web;

import io.neuroquantum.optimizer.api.SolveResponse;
import io.neuroquantum.optimizer.job.Job;
import io.neuroquantum.optimizer.solve.Progress;
import java.util.Locale;

/** A job as the API shows it. {@code bestEnergy} is null until the first state is found. */
public record JobView(String id, String state, String problem, String solver, String submitted, String finished,
                      long timeLimitMs, ProgressView progress, SolveResponse result, String error) {

    public record ProgressView(long sweeps, long flipAttempts, Double bestEnergy, double elapsedMs) {
    }

    static JobView of(Job j) {
        Progress p = j.progress();
        ProgressView pv = p == null ? null : new ProgressView(p.sweeps(), p.flipAttempts(),
                Double.isFinite(p.bestEnergy()) ? p.bestEnergy() : null, p.elapsedNanos() / 1e6);
        return new JobView(j.id(), j.state().name().toLowerCase(Locale.ROOT), j.problem(), j.solver(),
                j.submitted().toString(), j.finished() == null ? null : j.finished().toString(), j.timeLimitMs(), pv,
                j.result(), j.error());
    }
}
