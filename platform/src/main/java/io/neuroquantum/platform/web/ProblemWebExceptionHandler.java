package io.neuroquantum.platform.web;

import io.neuroquantum.platform.problem.ApiProblem;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every exception that reaches the top of a request into problem+json.
 *
 * <ul>
 *   <li>{@link ApiProblem}: the status, type and detail it carries;</li>
 *   <li>Spring's {@link ErrorResponse}s (unknown route 404, 405, 415, malformed input 400,
 *       413): their own status, with the parser's message for malformed bodies;</li>
 *   <li>a body beyond the codec limit: 413;</li>
 *   <li>anything else is a bug: 500 with an error id that is also in the log, and no internals.</li>
 * </ul>
 */
public final class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);
    private static final int MAX_DETAIL = 400;

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        ApiProblem p = find(ex, ApiProblem.class);
        if (p != null && p.status() == 413) {
            // The rest of the body is still on the wire: close the connection after answering
            // rather than leave the client to reuse a connection we stopped reading.
            exchange.getResponse().getHeaders().setConnection("close");
        }
        if (p != null) {
            return ProblemResponses.write(exchange, p.status(), p.type(), p.title(), p.detail(), p.properties());
        }
        if (find(ex, DataBufferLimitException.class) != null) {
            return ProblemResponses.write(exchange, 413, "payload-too-large", null,
                    "request body is larger than this service accepts", Map.of());
        }
        if (ex instanceof ErrorResponse er) {
            ProblemDetail pd = er.getBody();
            int status = er.getStatusCode().value();
            String detail = ex instanceof ServerWebInputException ? inputDetail(ex, pd) : pd.getDetail();
            if (detail == null || detail.isBlank()) {
                detail = ex.getMessage() != null ? ex.getMessage() : pd.getTitle(); // every problem says what is wrong
            }
            return ProblemResponses.write(exchange, status, slug(status), pd.getTitle(), detail, Map.of());
        }
        String errorId = UUID.randomUUID().toString();
        log.error("unhandled error {} on {} {}", errorId, exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), ex);
        return ProblemResponses.write(exchange, 500, "internal-error", null,
                "internal error; the service log has the details under errorId " + errorId,
                Map.of("errorId", errorId));
    }

    /** The most specific message for malformed input, e.g. the JSON parser's, trimmed. */
    private static String inputDetail(Throwable ex, ProblemDetail pd) {
        Throwable t = ex;
        String message = pd.getDetail();
        while (t != null) {
            if (t instanceof DecodingException || t.getClass().getName().startsWith("tools.jackson")) {
                message = t.getMessage();
            }
            t = t.getCause();
        }
        if (message == null) {
            return "malformed request";
        }
        message = message.replaceAll("\\s+", " ").strip();
        return message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) + "…" : message;
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
    }

    private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
