package io.neuroquantum.optimizer.api;

import io.neuroquantum.optimizer.encode.Encoding;
import io.neuroquantum.optimizer.model.InvalidModelException;
import io.neuroquantum.optimizer.model.IsingModel;
import io.neuroquantum.optimizer.solve.GammaSchedule;
import io.neuroquantum.optimizer.solve.IsingSolver;
import io.neuroquantum.optimizer.solve.ParallelTempering;
import io.neuroquantum.optimizer.solve.SimulatedAnnealing;
import io.neuroquantum.optimizer.solve.SimulatedQuantumAnnealing;
import io.neuroquantum.optimizer.solve.TabuSearch;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Solver by name, configured from request params (range-checked; memory checked against the model). */
public final class Solvers {

    /** Largest number of spin copies (SQA slices x n, PT replicas x n) one solve may hold. */
    public static final long MAX_SPIN_COPIES = 50_000_000L;

    private Solvers() {
    }

    /**
     * The solver for an encoded problem: the encoding's recommended parameters for it
     * ({@link Encoding#solverDefaults}), overridden by the request's {@code params}.
     */
    public static IsingSolver create(String name, Map<String, Object> requested, Encoding encoding) {
        Map<String, Object> params = new HashMap<>(encoding.solverDefaults(canonicalName(name)));
        if (requested != null) {
            params.putAll(requested);
        }
        return create(name, params, encoding.ising());
    }

    /** A solver name as {@link #create} reads it: trimmed, lower case, {@code sa} when absent. */
    public static String canonicalName(String name) {
        return name == null ? "sa" : name.strip().toLowerCase(Locale.ROOT);
    }

    public static IsingSolver create(String name, Map<String, Object> raw, IsingModel model) {
        Params p = new Params(raw);
        String s = canonicalName(name);
        if (p.number("betaHot", 1, 1e-12, 1e12) > p.number("betaCold", 1e12, 1e-12, 1e12)) {
            throw new InvalidModelException("params.betaHot must not exceed params.betaCold");
        }
        return switch (s) {
            case "sa" -> new SimulatedAnnealing(new SimulatedAnnealing.Params(
                    p.number("betaHot", Double.NaN, 1e-12, 1e12), p.number("betaCold", Double.NaN, 1e-12, 1e12),
                    switch (p.string("schedule", "geometric").toLowerCase(Locale.ROOT)) {
                        case "geometric" -> SimulatedAnnealing.Schedule.GEOMETRIC;
                        case "linear" -> SimulatedAnnealing.Schedule.LINEAR;
                        default -> throw new InvalidModelException("params.schedule for sa is geometric or linear");
                    }, 1000));
            case "tabu" -> new TabuSearch(new TabuSearch.Params(p.integer("tenure", 0, 0, 1_000_000),
                    p.integer("stall", 0, 0, Integer.MAX_VALUE), p.integer("perturbation", 0, 0, 1_000_000), 0));
            case "pt" -> {
                int replicas = p.integer("replicas", 0, 0, 256);
                if (replicas == 1) {
                    throw new InvalidModelException("params.replicas must be 0 (automatic) or in 2..256");
                }
                copies(replicas == 0 ? ParallelTempering.defaultReplicas(model.n()) : replicas, model);
                yield new ParallelTempering(new ParallelTempering.Params(replicas,
                        p.number("betaHot", Double.NaN, 1e-12, 1e12), p.number("betaCold", Double.NaN, 1e-12, 1e12),
                        p.number("tuneFraction", 0.2, 0, 1), p.integer("restartStall", -1, -1, Integer.MAX_VALUE)));
            }
            case "sqa" -> {
                int slices = p.integer("slices", 16, 2, 1024);
                copies(slices, model);
                String kind = p.string("schedule", "linear").toLowerCase(Locale.ROOT);
                double[][] pts = p.pairs("gammaPoints");
                double[] u = null;
                double[] g = null;
                GammaSchedule.Kind k = switch (kind) {
                    case "linear" -> GammaSchedule.Kind.LINEAR;
                    case "exponential" -> GammaSchedule.Kind.EXPONENTIAL;
                    case "custom" -> GammaSchedule.Kind.CUSTOM;
                    default -> throw new InvalidModelException("params.schedule for sqa is linear, exponential or custom");
                };
                if (k == GammaSchedule.Kind.CUSTOM) {
                    if (pts == null) {
                        throw new InvalidModelException("params.gammaPoints ([[u, Gamma], ...]) is required for a custom schedule");
                    }
                    u = new double[pts.length];
                    g = new double[pts.length];
                    for (int i = 0; i < pts.length; i++) {
                        u[i] = pts[i][0];
                        g[i] = pts[i][1];
                    }
                    try {
                        GammaSchedule.custom(u, g);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidModelException(e.getMessage());
                    }
                }
                yield new SimulatedQuantumAnnealing(new SimulatedQuantumAnnealing.Params(slices,
                        p.number("temperature", Double.NaN, 1e-12, 1e12), p.number("gammaStart", Double.NaN, 1e-12, 1e12),
                        p.number("gammaEnd", Double.NaN, 1e-12, 1e12), k, u, g, 1000));
            }
            default -> throw new InvalidModelException("unknown solver '" + name + "'; expected sa, sqa, pt or tabu");
        };
    }

    private static void copies(int count, IsingModel model) {
        if ((long) count * model.n() > MAX_SPIN_COPIES) {
            throw new InvalidModelException(count + " copies of " + model.n() + " spins exceed the limit of "
                    + MAX_SPIN_COPIES + " spin copies per solve");
        }
    }
}
