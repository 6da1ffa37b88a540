package io.neuroquantum.optimizer.bench;

import io.neuroquantum.optimizer.encode.ColoringEncoding;
import io.neuroquantum.optimizer.encode.Decoded;
import io.neuroquantum.optimizer.encode.Encoding;
import io.neuroquantum.optimizer.encode.MaxCutEncoding;
import io.neuroquantum.optimizer.encode.TspEncoding;
import io.neuroquantum.optimizer.io.DimacsParser;
import io.neuroquantum.optimizer.io.GsetParser;
import io.neuroquantum.optimizer.io.TsplibParser;
import io.neuroquantum.optimizer.model.Graph;
import io.neuroquantum.optimizer.model.Limits;
import io.neuroquantum.optimizer.model.TspInstance;
import io.neuroquantum.optimizer.solve.IsingSolver;
import io.neuroquantum.optimizer.solve.ParallelTempering;
import io.neuroquantum.optimizer.solve.SimulatedAnnealing;
import io.neuroquantum.optimizer.solve.SimulatedQuantumAnnealing;
import io.neuroquantum.optimizer.solve.SolveControl;
import io.neuroquantum.optimizer.solve.SolveOptions;
import io.neuroquantum.optimizer.solve.SolveResult;
import io.neuroquantum.optimizer.solve.TabuSearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./nq bench optimizer [--quick] [--out DIR]}: SA, SQA, PT (and tabu where the goals
 * name it) on the shared Gset, Biq Mac rudy, TSPLIB and DIMACS instances, at equal
 * wall-clock budgets per run, over several seeds; objective ratios to the best-known
 * values, time to within 1 % and 0.1 %, hit rates, attempted flips per second per thread,
 * and SQA against SA at equal flip budgets for P = 4..64 Trotter slices. Writes
 * {@code DIR/optimizer.json} (rows {case, system, metric, value, unit}; DIR defaults to
 * {@code bench-results}) and prints a markdown table.
 */
public final class OptimizerBenchMain {

    private final boolean quick;
    private final BenchData data;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<String> table = new ArrayList<>();
    private final int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private final java.util.Set<String> anchored = new java.util.HashSet<>();

    private final java.util.Set<String> only;
    /** Solvers to run in the per-case sections (null: all). */
    private java.util.Set<String> solvers;

    private OptimizerBenchMain(boolean quick, BenchData data, java.util.Set<String> only) {
        this.quick = quick;
        this.data = data;
        this.only = only;
    }

    private boolean on(String section) {
        return only == null || only.contains(section);
    }

    public static void main(String[] args) throws IOException {
        boolean quick = false;
        java.util.Set<String> only = null;
        java.util.Set<String> solvers = null;
        Path out = Path.of("bench-results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = java.util.Set.of(args[++i].split(","));
                case "--solvers" -> solvers = java.util.Set.of(args[++i].split(","));
                default -> {
                    System.err.println("usage: OptimizerBenchMain [--quick] [--out DIR] [--only "
                            + "gset,goals,rudy,tsp,polish,coloring,fliprate,trotter] [--solvers sa,sqa,pt,tabu]");
                    System.exit(2);
                }
            }
        }
        OptimizerBenchMain b = new OptimizerBenchMain(quick, BenchData.locate(), only);
        b.solvers = solvers;
        b.runAll();
        Files.createDirectories(out);
        Path file = out.resolve("optimizer.json");
        Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(b.rows));
        System.out.println();
        System.out.println("wrote " + file.toAbsolutePath());
    }

    record Case(String name, Supplier<Encoding> encoding, double bestKnown, boolean maximise, String unit,
                Double targetEnergy, Map<Double, Double> ttEnergies) {
    }

    private void runAll() {
        System.out.println("# optimizer benchmark" + (quick ? " (quick)" : "") + ", " + threads + " threads, "
                + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println();
        header();
        int seeds = 5;
        // --- Max-Cut, Gset: SA / SQA / PT side by side at equal budgets
        String[] gset = quick ? new String[] {"G1", "G43", "G22"} : new String[] {"G1", "G43", "G22", "G14", "G55", "G11", "G18", "G35"};
        for (String g : on("gset") ? gset : new String[0]) {
            long budget = switch (g) {
                case "G1" -> 500;
                case "G43" -> 1000;
                case "G55" -> 5000;
                default -> quick ? 2000 : 10_000;
            };
            Case c = maxcut(g, "maxcut/gset/" + g + ".txt", Double.parseDouble(data.row("maxcut/gset_best_known.csv", g).get("recommended_target")));
            for (String s : new String[] {"sa", "sqa", "pt"}) {
                runCase(c, s, seeds, budget);
            }
        }
        // Goals that name PT or tabu with 30 s
        if (!quick && on("goals")) {
            for (String g : new String[] {"G22", "G14"}) {
                Case c = maxcut(g, "maxcut/gset/" + g + ".txt", Double.parseDouble(data.row("maxcut/gset_best_known.csv", g).get("recommended_target")));
                runCase(c, "tabu", 3, 30_000);
                runCase(c, "pt", 3, 30_000);
            }
        }
        // --- Biq Mac rudy: every graph (quick: one per family) to its proven optimum, SA, 1 s cap
        List<Map<String, String>> rudy = data.csv("maxcut/biqmac_rudy_optima.csv");
        int hits = 0;
        int total = 0;
        double worst = 0;
        List<Double> times = new ArrayList<>();
        for (Map<String, String> r : on("rudy") ? rudy : List.<Map<String, String>>of()) {
            if (quick && !r.get("instance").endsWith(".0")) {
                continue;
            }
            Case c = maxcut(r.get("instance"), "maxcut/" + r.get("file"), Double.parseDouble(r.get("optimum")));
            Encoding e = c.encoding().get();
            SolveResult res = new SimulatedAnnealing().solve(e.ising(),
                    SolveOptions.of(1, 1000).withThreads(threads).withTarget(c.targetEnergy()), new SolveControl());
            double obj = e.decode(res.spins()).objective();
            total++;
            if (obj >= c.bestKnown()) {
                hits++;
                times.add(res.elapsedNanos() / 1e6);
            }
            worst = Math.max(worst, res.elapsedNanos() / 1e6);
        }
        if (total > 0) {
            String rc = "biqmac-rudy (" + total + " graphs)";
            row(rc, "sa", "optimum_reached", hits, "graphs");
            row(rc, "sa", "graphs", total, "graphs");
            row(rc, "sa", "max_time", worst, "ms");
            table.add(String.format("| %s | sa | %d/%d proven optima | | | | max %.0f ms | |", rc, hits, total, worst));
        }
        // --- TSP through the QUBO alone
        for (String t : on("tsp") ? new String[] {"burma14", "ulysses16", "gr17"} : new String[0]) {
            Case c = tsp(t, -1);
            for (String s : new String[] {"sa", "sqa", "pt", "tabu"}) {
                runCase(c, s, seeds, quick ? 1000 : 3000);
            }
        }
        // --- TSP with permutation polish: QUBO SA, decode, then 2-opt/Or-opt ILS
        for (String t : on("polish") ? new String[] {"eil51", "kroA100"} : new String[0]) {
            Case c = tsp(t, t.equals("eil51") ? 700 : 900);
            runCase(c, "sa", seeds, t.equals("eil51") ? 800 : 1000);
        }
        // --- Colouring with K = chromatic number through the QUBO
        String[] colouring = quick ? new String[] {"myciel5", "queen6_6", "DSJC125.1"}
                : new String[] {"myciel5", "queen6_6", "DSJC125.1", "le450_5a"};
        for (String g : on("coloring") ? colouring : new String[0]) {
            Case c = coloring(g);
            for (String s : new String[] {"sa", "sqa", "pt", "tabu"}) {
                runCase(c, s, quick ? 3 : seeds, quick ? 2000 : 10_000);
            }
        }
        // --- raw SA flip rate, one thread, after warm-up
        for (String g : on("fliprate") ? new String[] {"G1", "G22"} : new String[0]) {
            flipRate(g);
        }
        // --- SQA vs SA at equal flip budgets, Trotter convergence
        if (on("trotter")) {
            trotter("G1", quick ? new int[] {4, 16, 64} : new int[] {4, 8, 16, 32, 64}, quick ? 3 : 5);
        }
        table.forEach(System.out::println);
    }

    private void header() {
        table.add("| case | solver | best / best-known | median / best-known | hit rate | t(1 %) median | t(0.1 %) median | flips/s/thread |");
        table.add("|---|---|---|---|---|---|---|---|");
    }

    private Case maxcut(String name, String file, double best) {
        Graph g = GsetParser.parse(data.read(file), Limits.DEFAULT);
        double w = g.totalWeight();
        Map<Double, Double> tt = new LinkedHashMap<>();
        tt.put(0.01, w - 2 * Math.ceil(best * 0.99));
        tt.put(0.001, w - 2 * Math.ceil(best * 0.999));
        return new Case(name, () -> new MaxCutEncoding(g), best, true, "cut", w - 2 * best, tt);
    }

    private Case tsp(String name, long polishMs) {
        TspInstance t = TsplibParser.parse(data.read("tsp/" + name + ".tsp"), Limits.DEFAULT);
        double opt = Double.parseDouble(data.row("tsp/tsp_optima.csv", name).get("optimal_length"));
        Map<Double, Double> tt = new LinkedHashMap<>();
        tt.put(0.01, Math.floor(opt * 1.01));
        tt.put(0.001, Math.floor(opt * 1.001));
        // QUBO energy equals the tour length only for valid tours, so energy targets apply to raw QUBO runs only
        return new Case(name + (polishMs >= 0 ? "+polish" : ""), () -> new TspEncoding(t, 1.0, polishMs, 1, Limits.DEFAULT),
                opt, false, "length", polishMs >= 0 ? null : opt, polishMs >= 0 ? Map.of() : tt);
    }

    private Case coloring(String name) {
        Graph g = DimacsParser.parse(data.read("coloring/" + name + ".col"), Limits.DEFAULT);
        int chi = Integer.parseInt(data.row("coloring/coloring_optima.csv", name).get("chromatic_number"));
        return new Case(name + " (K=" + chi + ")", () -> new ColoringEncoding(g, chi, Limits.DEFAULT), chi, false, "colours",
                0.0, Map.of());
    }

    static IsingSolver solver(String s) {
        return switch (s) {
            case "sa" -> new SimulatedAnnealing();
            case "sqa" -> new SimulatedQuantumAnnealing();
            case "pt" -> new ParallelTempering();
            case "tabu" -> new TabuSearch();
            default -> throw new IllegalArgumentException(s);
        };
    }

    private void runCase(Case c, String s, int seeds, long budgetMs) {
        if (solvers != null && !solvers.contains(s)) {
            return;
        }
        Encoding enc = c.encoding().get();
        if (anchored.add(c.name())) {
            row(c.name(), "best-known", c.unit(), c.bestKnown(), c.unit());
        }
        double[] obj = new double[seeds];
        int[] conflicts = new int[seeds];
        int valid = 0;
        int hit = 0;
        List<Double> t1 = new ArrayList<>();
        List<Double> t01 = new ArrayList<>();
        double flips = 0;
        double elapsed = 0;
        for (int seed = 0; seed < seeds; seed++) {
            double[] first = {Double.NaN, Double.NaN};
            Double e1 = c.ttEnergies().get(0.01);
            Double e01 = c.ttEnergies().get(0.001);
            SolveControl control = new SolveControl(p -> {
                if (e1 != null && Double.isNaN(first[0]) && p.bestEnergy() <= e1 + 1e-9) {
                    first[0] = p.elapsedNanos() / 1e6;
                }
                if (e01 != null && Double.isNaN(first[1]) && p.bestEnergy() <= e01 + 1e-9) {
                    first[1] = p.elapsedNanos() / 1e6;
                }
            });
            SolveOptions o = SolveOptions.of(seed, budgetMs).withThreads(threads);
            if (c.targetEnergy() != null) {
                o = o.withTarget(c.targetEnergy());
            }
            // as the service does: the encoding's recommended solver parameters (TSP: tabu tenure)
            SolveResult r = io.neuroquantum.optimizer.api.Solvers.create(s, null, enc)
                    .solve(enc.ising(), o, control);
            Decoded d = enc.decode(r.spins());
            obj[seed] = d.valid() ? d.objective() : (c.maximise() ? 0 : Double.POSITIVE_INFINITY);
            if (d.details().get("conflictsAfterRepair") instanceof Integer conf) {
                conflicts[seed] = conf;
            }
            if (d.valid()) {
                valid++;
            }
            if (d.valid() && (c.maximise() ? d.objective() >= c.bestKnown() : d.objective() <= c.bestKnown())) {
                hit++;
            }
            if (!Double.isNaN(first[0])) {
                t1.add(first[0]);
            }
            if (!Double.isNaN(first[1])) {
                t01.add(first[1]);
            }
            flips += r.flipsPerSecondPerThread();
            elapsed += r.elapsedNanos() / 1e6 + (d.details().get("polishMs") instanceof Double pm ? pm : 0);
        }
        Arrays.sort(obj);
        double best = c.maximise() ? obj[seeds - 1] : obj[0];
        double median = obj[seeds / 2];
        double bestRatio = c.maximise() ? best / c.bestKnown() : best / c.bestKnown();
        double medRatio = median / c.bestKnown();
        String name = c.name();
        String sys = s + (budgetMs >= 1000 ? " @" + budgetMs / 1000.0 + "s" : " @" + budgetMs + "ms");
        row(name, sys, "best_ratio", bestRatio, "ratio");
        row(name, sys, "median_ratio", medRatio, "ratio");
        row(name, sys, "best_" + c.unit(), best, c.unit());
        row(name, sys, "hit_rate", (double) hit / seeds, "fraction");
        row(name, sys, "valid_rate", (double) valid / seeds, "fraction");
        row(name, sys, "mean_run_time", elapsed / seeds, "ms");
        row(name, sys, "flips_per_s_per_thread", flips / seeds, "1/s");
        if (!c.ttEnergies().isEmpty()) {
            row(name, sys, "ttt_1pct_median", median(t1, seeds), "ms");
            row(name, sys, "ttt_0.1pct_median", median(t01, seeds), "ms");
            row(name, sys, "ttt_1pct_reached", t1.size(), "runs");
            row(name, sys, "ttt_0.1pct_reached", t01.size(), "runs");
        }
        boolean coloring = c.unit().equals("colours");
        Arrays.sort(conflicts);
        if (coloring) {
            row(name, sys, "min_conflicts", conflicts[0], "edges");
            row(name, sys, "median_conflicts", conflicts[seeds / 2], "edges");
        }
        String bestCol = coloring ? "conflicts after repair: min " + conflicts[0]
                : String.format("%.4f (%s)", bestRatio, fmt(best));
        String medCol = coloring ? "median " + conflicts[seeds / 2] : String.format("%.4f", medRatio);
        String line = String.format("| %s | %s | %s | %s | %d/%d | %s | %s | %.3g |", name, sys, bestCol,
                medCol, hit, seeds, c.ttEnergies().isEmpty() ? "" : ms(median(t1, seeds), t1.size(), seeds),
                c.ttEnergies().isEmpty() ? "" : ms(median(t01, seeds), t01.size(), seeds), flips / seeds);
        table.add(line);
        System.err.println(line);
    }

    private void flipRate(String g) {
        Encoding enc = new MaxCutEncoding(GsetParser.parse(data.read("maxcut/gset/" + g + ".txt"), Limits.DEFAULT));
        SolveOptions o = SolveOptions.of(1, 600_000).withThreads(1).withSweeps(1000);
        // The default range (beta 1/sigma -> ln 100 / (2 min|J|): 0.144 -> 2.3 on G1) and the
        // schedule of the data README's reference C++ and Java runs (beta 0.1 -> 3). Both are measured.
        double[][] ranges = {{Double.NaN, Double.NaN}, {0.1, 3.0}};
        for (double[] range : ranges) {
            SimulatedAnnealing sa = new SimulatedAnnealing(new SimulatedAnnealing.Params(range[0], range[1],
                    SimulatedAnnealing.Schedule.GEOMETRIC, 1000));
            sa.solve(enc.ising(), o.withRestarts(5), new SolveControl()); // warm-up
            // With one thread the solver runs on this thread, so its CPU time is the solver's: the
            // per-CPU-second rate is what the code does with a core to itself (the machine may be
            // shared), the wall-clock rate what it did here.
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            SolveResult r = sa.solve(enc.ising(), o.withRestarts(quick ? 10 : 40), new SolveControl());
            double cpuS = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double perCpu = r.flipAttempts() / cpuS;
            String sys = Double.isNaN(range[0]) ? "sa 1 thread, auto beta" : "sa 1 thread, beta 0.1-3";
            row(g + " flip rate", sys, "attempted_flips_per_s", r.flipsPerSecondPerThread(), "1/s");
            row(g + " flip rate", sys, "attempted_flips_per_cpu_s", perCpu, "1/s");
            table.add(String.format("| %s flip rate | %s, %d x 1000 sweeps | wall %.3g /s | per CPU-s %.3g /s | | | | %.3g |",
                    g, sys, r.restarts(), r.flipsPerSecondPerThread(), perCpu, r.flipsPerSecondPerThread()));
        }
    }

    private void trotter(String g, int[] slices, int seeds) {
        Case c = maxcut(g, "maxcut/gset/" + g + ".txt", Double.parseDouble(data.row("maxcut/gset_best_known.csv", g).get("recommended_target")));
        Encoding enc = c.encoding().get();
        int n = enc.ising().n();
        long flipBudget = (long) n * (quick ? 2000 : 10_000); // SA-sweep equivalents
        // SA at the same number of attempted flips: sweeps = budget / n
        long saSweeps = flipBudget / n;
        double[] sa = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            SolveResult r = new SimulatedAnnealing().solve(enc.ising(),
                    SolveOptions.of(s, 600_000).withSweeps(saSweeps).withRestarts(1).withThreads(1), new SolveControl());
            sa[s] = enc.decode(r.spins()).objective();
        }
        Arrays.sort(sa);
        String name = g + " equal flips (" + flipBudget / 1_000_000 + "M)";
        row(name, "sa", "median_ratio", sa[seeds / 2] / c.bestKnown(), "ratio");
        table.add(String.format("| %s | sa (%d sweeps) | %.4f | %.4f | | | | |", name, saSweeps, sa[seeds - 1] / c.bestKnown(), sa[seeds / 2] / c.bestKnown()));
        for (int p : slices) {
            long sweeps = Math.max(1, flipBudget / ((long) n * (p + 1)));
            double[] v = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                SolveResult r = new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Params.DEFAULT.withSlices(p)).solve(enc.ising(),
                        SolveOptions.of(s, 600_000).withSweeps(sweeps).withRestarts(1).withThreads(1), new SolveControl());
                v[s] = enc.decode(r.spins()).objective();
            }
            Arrays.sort(v);
            row(name, "sqa P=" + p, "median_ratio", v[seeds / 2] / c.bestKnown(), "ratio");
            row(name, "sqa P=" + p, "best_ratio", v[seeds - 1] / c.bestKnown(), "ratio");
            table.add(String.format("| %s | sqa P=%d (%d sweeps) | %.4f | %.4f | | | | |", name, p, sweeps,
                    v[seeds - 1] / c.bestKnown(), v[seeds / 2] / c.bestKnown()));
        }
    }

    private static double median(List<Double> xs, int runs) {
        if (xs.size() * 2 <= runs) {
            return Double.NaN; // fewer than half the runs got there
        }
        List<Double> s = new ArrayList<>(xs);
        while (s.size() < runs) {
            s.add(Double.POSITIVE_INFINITY);
        }
        s.sort(Double::compare);
        return s.get(runs / 2);
    }

    private static String ms(double v, int reached, int runs) {
        return Double.isNaN(v) ? "— (" + reached + "/" + runs + ")" : String.format("%.0f ms (%d/%d)", v, reached, runs);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
    }

    private void row(String c, String system, String metric, double value, String unit) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("case", c);
        r.put("system", system);
        r.put("metric", metric);
        r.put("value", Double.isFinite(value) ? value : null);
        r.put("unit", unit);
        rows.add(r);
    }
}
