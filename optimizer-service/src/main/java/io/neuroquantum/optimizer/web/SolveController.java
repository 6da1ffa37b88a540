package io.neuroquantum.optimizer.web;

import io.neuroquantum.optimizer.api.OptimizerService;
import io.neuroquantum.optimizer.api.SolveRequest;
import io.neuroquantum.optimizer.api.SolveResponse;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/v1/solve}: a synchronous solve bounded by {@code timeLimitMs}. The body is
 * a JSON {@link SolveRequest}, or the text of a Gset / TSPLIB / DIMACS file with the
 * options as query parameters ({@code Content-Type: text/plain}).
 */
@RestController
public class SolveController {

    private final OptimizerService service;

    public SolveController(OptimizerService service) {
        this.service = service;
    }

    @PostMapping(path = "/api/v1/solve", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('WRITE')")
    public Mono<SolveResponse> solve(@RequestBody SolveRequest request) {
        return Mono.fromCallable(() -> service.solve(request))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(CoreErrors::map);
    }

    @PostMapping(path = "/api/v1/solve", consumes = MediaType.TEXT_PLAIN_VALUE)
    @PreAuthorize("hasRole('WRITE')")
    public Mono<SolveResponse> solveText(@RequestBody String body, @RequestParam String problem,
                                         @RequestParam String format,
                                         @RequestParam(defaultValue = "sa") String solver,
                                         @RequestParam(required = false) Integer colors,
                                         @RequestParam(defaultValue = "1") long seed,
                                         @RequestParam(defaultValue = "1000") long timeLimitMs) {
        SolveRequest r = SolveRequest.text(problem, format, body, solver, colors, seed, timeLimitMs, Map.of());
        return solve(r);
    }
}
