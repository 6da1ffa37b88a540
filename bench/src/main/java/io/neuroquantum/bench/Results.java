package io.neuroquantum.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Result rows of one suite: {@code bench-results/<suite>.json} as a JSON list of
 * {@code {"case","system","metric","value","unit"}} (the contract in ARCHITECTURE.md), and a
 * markdown table with one line per case and metric, ours against each anchor.
 */
public final class Results {

    public static final String OURS = "neuroquantum";

    public record Row(String caseName, String system, String metric, double value, String unit) {
    }

    private final List<Row> rows = new ArrayList<>();

    public synchronized void add(String caseName, String system, String metric, double value, String unit) {
        rows.add(new Row(caseName, system, metric, value, unit));
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Writes the rows as JSON to {@code dir/<suite>.json} (atomically) and returns the path. */
    public Path writeJson(Path dir, String suite) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("case", r.caseName());
            m.put("system", r.system());
            m.put("metric", r.metric());
            m.put("value", round(r.value()));
            m.put("unit", r.unit());
            out.add(m);
        }
        Path target = dir.resolve(suite + ".json");
        Path tmp = dir.resolve(suite + ".json.tmp");
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        mapper.writeValue(tmp.toFile(), out);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /**
     * The markdown table: case | metric | unit | each system | ours/anchor for each anchor.
     * Ratios are ours divided by the anchor: above 1 is better for throughput, below 1 for latency.
     */
    public String markdown(List<String> systems, List<String> caseOrder) {
        return markdown(systems, systems.stream().filter(s -> !s.equals(OURS)).toList(), caseOrder);
    }

    /** The table with ratio columns only for {@code anchors} (a subset of {@code systems}). */
    public String markdown(List<String> systems, List<String> anchors, List<String> caseOrder) {
        boolean withOurs = systems.contains(OURS);
        Map<String, Map<String, Row>> byKey = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        List<Row> sorted = new ArrayList<>(rows());
        sorted.sort((a, b) -> Integer.compare(caseOrder.indexOf(a.caseName()), caseOrder.indexOf(b.caseName())));
        for (Row r : sorted) {
            String key = r.caseName() + "\u0000" + r.metric();
            keys.add(key);
            byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(r.system(), r);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| case | metric | unit |");
        systems.forEach(s -> sb.append(' ').append(s).append(" |"));
        if (withOurs) {
            anchors.forEach(a -> sb.append(" ratio vs ").append(a).append(" |"));
        }
        sb.append('\n').append("|---|---|---|");
        systems.forEach(s -> sb.append("---:|"));
        if (withOurs) {
            anchors.forEach(a -> sb.append("---:|"));
        }
        sb.append('\n');
        for (String key : keys) {
            Map<String, Row> bySystem = byKey.get(key);
            Row any = bySystem.values().iterator().next();
            sb.append("| ").append(any.caseName()).append(" | ").append(any.metric()).append(" | ").append(any.unit()).append(" |");
            for (String s : systems) {
                Row r = bySystem.get(s);
                sb.append(' ').append(r == null ? "–" : format(r.value())).append(" |");
            }
            if (withOurs) {
                Row ours = bySystem.get(OURS);
                for (String a : anchors) {
                    Row anchor = bySystem.get(a);
                    sb.append(' ');
                    if (ours == null || anchor == null || anchor.value() == 0) {
                        sb.append('–');
                    } else {
                        sb.append(String.format(Locale.ROOT, "%.2f×", ours.value() / anchor.value()));
                    }
                    sb.append(" |");
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static double round(double v) {
        if (Math.abs(v) >= 1000) {
            return Math.round(v);
        }
        return Math.round(v * 1000) / 1000.0;
    }
}
