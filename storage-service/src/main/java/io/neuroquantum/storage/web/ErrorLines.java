package io.neuroquantum.storage.web;

import io.neuroquantum.platform.problem.ApiProblem;
import java.util.LinkedHashMap;
import java.util.Map;

/** An error that ends a stream after its first line, described in the stream's last line. */
final class ErrorLines {

    private ErrorLines() {
    }

    static Map<String, Object> describe(Throwable e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (e instanceof ApiProblem p) {
            m.put("status", p.status());
            m.put("type", p.type());
            m.put("detail", p.detail());
            m.putAll(p.properties());
        } else {
            m.put("status", 500);
            m.put("type", "internal");
            m.put("detail", "the stream failed: " + e.getClass().getSimpleName());
        }
        return m;
    }
}
