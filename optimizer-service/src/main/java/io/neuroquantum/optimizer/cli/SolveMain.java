package io.neuroquantum.optimizer.cli;

import io.neuroquantum.optimizer.api.OptimizerService;
import io.neuroquantum.optimizer.api.SolveRequest;
import io.neuroquantum.optimizer.api.SolveResponse;
import io.neuroquantum.optimizer.model.InvalidModelException;
import io.neuroquantum.optimizer.model.Limits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./nq solve}: one solve from the command line, printing one JSON object (the
 * {@code POST /api/v1/solve} response) on stdout.
 * <pre>
 *   --problem maxcut|tsp|coloring|qubo|partition  --format gset|tsplib|dimacs|json
 *   --solver sa|sqa|pt|tabu  [--colors K]  --time-limit-ms N  --seed S
 *   [--threads T] [--sweeps N] [--restarts N] [--target-objective X] [--param key=value]...  FILE|-
 * </pre>
 * With {@code --format json} FILE holds a request object (as for the HTTP API) and the
 * options given override its fields. Exit status: 0 solved, 2 bad input or usage.
 */
public final class SolveMain {

    private SolveMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        JsonMapper json = JsonMapper.builder().build();
        try {
            SolveRequest req = parse(args, json);
            SolveResponse r = new OptimizerService(Limits.DEFAULT).solve(req);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("objective", r.objective());
            o.put("energy", r.energy());
            o.put("valid", r.valid());
            o.put("solver", r.solver());
            o.put("elapsedMs", r.elapsedMs());
            o.putAll(json.convertValue(r, Map.class));
            out.println(json.writeValueAsString(o));
            return 0;
        } catch (InvalidModelException | UsageException e) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("error", e.getMessage());
            out.println(json.writeValueAsString(o));
            err.println("nq solve: " + e.getMessage());
            if (e instanceof UsageException) {
                err.println(usage());
            }
            return 2;
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String m) {
            super(m);
        }
    }

    static String usage() {
        return "usage: nq solve --problem maxcut|tsp|coloring|qubo|partition --format gset|tsplib|dimacs|json "
                + "--solver sa|sqa|pt|tabu [--colors K] [--time-limit-ms N] [--seed S] [--threads T] [--sweeps N] "
                + "[--restarts N] [--target-objective X] [--param key=value]... FILE|-";
    }

    @SuppressWarnings("unchecked")
    static SolveRequest parse(String[] args, JsonMapper json) {
        Map<String, String> opt = new LinkedHashMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String key = a.substring(2);
                String val;
                int eq = key.indexOf('=');
                if (eq >= 0 && !key.startsWith("param")) {
                    val = key.substring(eq + 1);
                    key = key.substring(0, eq);
                } else {
                    if (i + 1 >= args.length) {
                        throw new UsageException("option --" + key + " needs a value");
                    }
                    val = args[++i];
                }
                if (key.equals("param")) {
                    int e = val.indexOf('=');
                    if (e <= 0) {
                        throw new UsageException("--param needs key=value, got '" + val + "'");
                    }
                    params.put(val.substring(0, e), val.substring(e + 1));
                } else {
                    opt.put(key, val);
                }
            } else if (file == null) {
                file = a;
            } else {
                throw new UsageException("more than one input file: " + file + ", " + a);
            }
        }
        for (String k : opt.keySet()) {
            if (!java.util.Set.of("problem", "solver", "format", "colors", "time-limit-ms", "seed", "threads", "sweeps",
                    "restarts", "target-objective").contains(k)) {
                throw new UsageException("unknown option --" + k);
            }
        }
        if (file == null) {
            throw new UsageException("no input FILE (use - for stdin)");
        }
        String text;
        try {
            text = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        String format = opt.getOrDefault("format", "json");
        Map<String, Object> base = new LinkedHashMap<>();
        if (format.equals("json")) {
            try {
                base.putAll(json.readValue(text, Map.class));
            } catch (RuntimeException e) {
                throw new InvalidModelException("malformed JSON in " + file + ": " + e.getMessage());
            }
        } else {
            base.put("data", text);
        }
        base.put("format", format);
        for (String k : new String[] {"problem", "solver"}) {
            if (opt.containsKey(k)) {
                base.put(k, opt.get(k));
            }
        }
        number(opt, base, "colors", "colors");
        number(opt, base, "time-limit-ms", "timeLimitMs");
        number(opt, base, "seed", "seed");
        number(opt, base, "threads", "threads");
        number(opt, base, "sweeps", "sweeps");
        number(opt, base, "restarts", "restarts");
        number(opt, base, "target-objective", "targetObjective");
        if (!params.isEmpty()) {
            Map<String, Object> p = new LinkedHashMap<>();
            if (base.get("params") instanceof Map<?, ?> m) {
                p.putAll((Map<String, Object>) m);
            }
            p.putAll(params);
            base.put("params", p);
        }
        try {
            return json.convertValue(base, SolveRequest.class);
        } catch (RuntimeException e) {
            throw new InvalidModelException("bad request: " + e.getMessage());
        }
    }

    private static void number(Map<String, String> opt, Map<String, Object> base, String flag, String field) {
        String v = opt.get(flag);
        if (v == null) {
            return;
        }
        try {
            base.put(field, v.contains(".") ? (Object) Double.parseDouble(v) : (Object) Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + flag + " must be a number, got '" + v + "'");
        }
    }
}
