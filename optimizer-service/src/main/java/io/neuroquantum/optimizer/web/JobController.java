package io.neuroquantum.optimizer.web;

import io.neuroquantum.optimizer.api.SolveRequest;
import io.neuroquantum.optimizer.job.JobManager;
import io.neuroquantum.platform.problem.ApiProblem;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Asynchronous solves: {@code POST /api/v1/jobs} (202 with the job and its Location),
 * {@code GET /api/v1/jobs[/{id}]} for state and progress (best energy so far),
 * {@code DELETE /api/v1/jobs/{id}} to cancel (the solver stops within about one sweep).
 */
@RestController
public class JobController {

    private final JobManager jobs;

    public JobController(JobManager jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/api/v1/jobs")
    @PreAuthorize("hasRole('WRITE')")
    public Mono<ResponseEntity<JobView>> submit(@RequestBody SolveRequest request) {
        return Mono.fromCallable(() -> jobs.submit(request))
                .subscribeOn(Schedulers.boundedElastic())
                .map(j -> ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + j.id())).body(JobView.of(j)))
                .onErrorMap(CoreErrors::map);
    }

    @GetMapping("/api/v1/jobs")
    public Flux<JobView> list() {
        return Flux.fromIterable(jobs.list()).map(JobView::of);
    }

    @GetMapping("/api/v1/jobs/{id}")
    public Mono<JobView> get(@PathVariable String id) {
        return Mono.justOrEmpty(jobs.get(id)).map(JobView::of).switchIfEmpty(Mono.error(notFound(id)));
    }

    @DeleteMapping("/api/v1/jobs/{id}")
    @PreAuthorize("hasRole('WRITE')")
    public Mono<JobView> cancel(@PathVariable String id) {
        return Mono.justOrEmpty(jobs.cancel(id)).map(JobView::of).switchIfEmpty(Mono.error(notFound(id)));
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("no job '" + id + "'");
    }
}
