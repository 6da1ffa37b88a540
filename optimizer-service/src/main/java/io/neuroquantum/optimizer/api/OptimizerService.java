package io.neuroquantum.optimizer.api;

import io.neuroquantum.optimizer.encode.Decoded;
import io.neuroquantum.optimizer.encode.Encoding;
import io.neuroquantum.optimizer.model.InvalidModelException;
import io.neuroquantum.optimizer.model.Limits;
import io.neuroquantum.optimizer.solve.IsingSolver;
import io.neuroquantum.optimizer.solve.SolveControl;
import io.neuroquantum.optimizer.solve.SolveOptions;
import io.neuroquantum.optimizer.solve.SolveResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * What the web layer and the command line call: request -&gt; encoding -&gt; solver -&gt;
 * decoded response. Solves share one budget of worker threads equal to the cores
 * ({@code cores} permits; a solve holds one per worker thread while it runs), so
 * concurrent solves and jobs queue rather than oversubscribe the machine.
 */
public final class OptimizerService {

    /** A request checked and encoded, ready to run. */
    public record Prepared(SolveRequest request, Encoding encoding, IsingSolver solver, SolveOptions options,
                           double encodeMs) {
    }

    private final Limits limits;
    private final int cores;
    private final Semaphore workers;

    public OptimizerService(Limits limits) {
        this(limits, Runtime.getRuntime().availableProcessors());
    }

    public OptimizerService(Limits limits, int cores) {
        this.limits = limits;
        this.cores = Math.max(1, cores);
        this.workers = new Semaphore(this.cores, true);
    }

    public Limits limits() {
        return limits;
    }

    /** Validates and encodes; throws {@link InvalidModelException} for bad input. */
    public Prepared prepare(SolveRequest r) {
        long t0 = System.nanoTime();
        long limit = r.timeLimitMs() == null ? 1000 : r.timeLimitMs();
        if (limit <= 0 || limit > limits.maxTimeLimitMs()) {
            throw new InvalidModelException("timeLimitMs must be in 1.." + limits.maxTimeLimitMs() + ", got " + limit);
        }
        int threads = r.threads() == null ? cores : r.threads();
        if (threads < 1 || threads > cores) {
            throw new InvalidModelException("threads must be in 1.." + cores + ", got " + threads);
        }
        if (r.sweeps() != null && (r.sweeps() < 0 || r.sweeps() > 1_000_000_000L)) {
            throw new InvalidModelException("sweeps must be in 0..1e9, got " + r.sweeps());
        }
        if (r.restarts() != null && r.restarts() < 0) {
            throw new InvalidModelException("restarts must not be negative, got " + r.restarts());
        }
        if (r.targetEnergy() != null && !Double.isFinite(r.targetEnergy())
                || r.targetObjective() != null && !Double.isFinite(r.targetObjective())) {
            throw new InvalidModelException("targets must be finite numbers");
        }
        Encoding enc = Problems.encode(r, limits);
        IsingSolver solver = Solvers.create(r.solver(), r.params(), enc);
        double target = Double.NaN;
        if (r.targetEnergy() != null) {
            target = r.targetEnergy();
        } else if (r.targetObjective() != null) {
            Double e = enc.energyForObjective(r.targetObjective());
            if (e == null) {
                throw new InvalidModelException("targetObjective is not supported for " + enc.problem() + "; use targetEnergy");
            }
            target = e;
        }
        SolveOptions opts = new SolveOptions(r.seed() == null ? 1 : r.seed(), limit, target, threads,
                r.sweeps() == null ? 0 : r.sweeps(), r.restarts() == null ? 0 : r.restarts());
        return new Prepared(r, enc, solver, opts, (System.nanoTime() - t0) / 1e6);
    }

    /** Runs a prepared solve, waiting first for worker threads to be free. */
    public SolveResponse run(Prepared p, SolveControl control) {
        int permits = p.options().effectiveThreads();
        try {
            workers.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for worker threads", e);
        }
        SolveResult res;
        try {
            res = p.solver().solve(p.encoding().ising(), p.options(), control);
        } finally {
            workers.release(permits);
        }
        long t0 = System.nanoTime();
        Decoded d = p.encoding().decode(res.spins());
        double decodeMs = (System.nanoTime() - t0) / 1e6;
        double solveMs = res.elapsedNanos() / 1e6;
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("encodeMs", p.encodeMs());
        timings.put("solveMs", solveMs);
        timings.put("decodeMs", decodeMs);
        timings.put("totalMs", p.encodeMs() + solveMs + decodeMs);
        return new SolveResponse(p.encoding().problem(), p.encoding().ising().n(), d.objective(), d.objectiveName(),
                res.energy(), d.valid(), d.solution(), d.details(), res.solver(), p.options().seed(),
                res.stopReason().name().toLowerCase(java.util.Locale.ROOT), res.sweeps(), res.flipAttempts(),
                res.flipsPerSecondPerThread(), res.threads(), res.restarts(), timings, p.encodeMs() + solveMs + decodeMs);
    }

    public SolveResponse solve(SolveRequest r) {
        return run(prepare(r), new SolveControl());
    }
}
