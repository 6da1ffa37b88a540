package io.neuroquantum.optimizer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared benchmark data: {@code NQ_SHARED_DATA}, or ../shared/data/optimizer above the working directory. */
final class BenchData {

    final Path root;

    BenchData(Path root) {
        this.root = root;
    }

    static BenchData locate() {
        String env = System.getenv("NQ_SHARED_DATA");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return new BenchData(Files.isDirectory(p.resolve("optimizer")) ? p.resolve("optimizer") : p);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("../shared/data/optimizer").normalize();
            if (Files.isDirectory(p)) {
                return new BenchData(p);
            }
        }
        throw new IllegalStateException("benchmark data not found: set NQ_SHARED_DATA or run from the repository");
    }

    String read(String rel) {
        try {
            return Files.readString(root.resolve(rel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of a simple CSV (quoted fields may hold commas), keyed by header. */
    List<Map<String, String>> csv(String rel) {
        List<Map<String, String>> out = new ArrayList<>();
        String[] lines = read(rel).split("\\r?\\n");
        List<String> head = fields(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> f = fields(lines[i]);
            Map<String, String> row = new LinkedHashMap<>();
            for (int k = 0; k < head.size(); k++) {
                row.put(head.get(k), k < f.size() ? f.get(k) : "");
            }
            out.add(row);
        }
        return out;
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    Map<String, String> row(String rel, String instance) {
        for (Map<String, String> r : csv(rel)) {
            if (r.get("instance").equals(instance)) {
                return r;
            }
        }
        throw new IllegalArgumentException(instance + " not in " + rel);
    }
}
