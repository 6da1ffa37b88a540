package io.neuroquantum.platform.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error a client caused or must know about, rendered as RFC 9457
 * {@code application/problem+json} by the web layer. Plain Java so that core code can
 * raise it without depending on the web framework.
 *
 * <p>{@code type} is a short slug (e.g. {@code constraint-violation}) that becomes
 * {@code https://neuroquantum.io/problems/<slug>}; {@code properties} become extra members.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final String type;
    private final Map<String, Object> properties;

    public ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public ApiProblem(int status, String type, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad-request", "Bad Request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not Found", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
