package io.neuroquantum.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem documents. Every error of every service leaves through here
 * (exception handler, 401/403 handlers, request limits), so they all look the same:
 * {@code {"type","title","status","detail","instance", ...extra}}.
 */
public final class ProblemResponses {

    public static final String TYPE_BASE = "https://neuroquantum.io/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    public static Map<String, Object> body(int status, String type, String title, String detail, String instance,
                                           Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type == null ? "about:blank" : TYPE_BASE + type);
        body.put("title", title != null ? title : reason(status));
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", instance);
        body.putAll(extra);
        return body;
    }

    public static Mono<Void> write(ServerWebExchange exchange, int status, String type, String title, String detail,
                                   Map<String, Object> extra) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        Map<String, Object> body = body(status, type, title, detail, exchange.getRequest().getPath().value(), extra);
        response.setRawStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer buffer = response.bufferFactory().wrap(JSON.writeValueAsBytes(body));
        return response.writeWith(Mono.just(buffer));
    }

    static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
