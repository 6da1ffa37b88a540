package io.neuroquantum.platform.web;

import io.neuroquantum.platform.problem.ApiProblem;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rejects request bodies larger than the configured limit with 413: at once when
 * {@code Content-Length} says so, and while streaming for chunked bodies (the body
 * stream fails as soon as the running total passes the limit, so memory stays bounded).
 */
public final class RequestSizeLimitFilter implements WebFilter {

    private final long maxBytes;

    public RequestSizeLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge());
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        AtomicLong seen = new AtomicLong();
        ServerHttpRequestDecorator limited = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().map(buf -> {
                    if (seen.addAndGet(buf.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buf);
                        throw tooLarge();
                    }
                    return buf;
                });
            }
        };
        return chain.filter(exchange.mutate().request(limited).build());
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(413, "payload-too-large", "Payload Too Large",
                "request body exceeds the limit of " + maxBytes + " bytes (nq.http.max-body-size)");
    }
}
