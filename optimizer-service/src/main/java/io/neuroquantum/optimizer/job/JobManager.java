package io.neuroquantum.optimizer.job;

import io.neuroquantum.optimizer.api.OptimizerService;
import io.neuroquantum.optimizer.api.SolveRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Asynchronous solves. Requests are validated and encoded on submit (bad input fails
 * there, synchronously); then run on a small pool of coordinator threads, each solve
 * waiting in {@link OptimizerService#run} for free worker threads. At most
 * {@code maxJobs} jobs are kept: finished jobs are evicted oldest first, and a submit
 * when all kept jobs are unfinished is refused. A failing job is recorded as FAILED and
 * never escapes its thread.
 */
public final class JobManager implements AutoCloseable {

    /** Thrown when the job table is full of unfinished jobs. */
    public static final class TooManyJobsException extends RuntimeException {
        TooManyJobsException(String message) {
            super(message);
        }
    }

    private final OptimizerService service;
    private final int maxJobs;
    private final ExecutorService pool;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public JobManager(OptimizerService service, int maxJobs, int concurrentJobs) {
        this.service = service;
        this.maxJobs = maxJobs;
        this.pool = Executors.newFixedThreadPool(Math.max(1, concurrentJobs),
                Thread.ofPlatform().name("nq-job-", 0).daemon(true).factory());
    }

    public Job submit(SolveRequest request) {
        OptimizerService.Prepared p = service.prepare(request);
        Job job = new Job(UUID.randomUUID().toString(), p);
        synchronized (jobs) {
            evictFinished();
            if (jobs.size() >= maxJobs) {
                throw new TooManyJobsException("all " + maxJobs + " job slots hold unfinished jobs; cancel one or wait");
            }
            jobs.put(job.id(), job);
        }
        try {
            pool.execute(() -> job.run(service));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(job.id());
            }
            throw new TooManyJobsException("the job executor is shut down");
        }
        return job;
    }

    private void evictFinished() {
        Iterator<Job> it = jobs.values().iterator();
        while (jobs.size() >= maxJobs && it.hasNext()) {
            if (it.next().isFinished()) {
                it.remove();
            }
        }
    }

    public Optional<Job> get(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    public List<Job> list() {
        synchronized (jobs) {
            return new ArrayList<>(jobs.values());
        }
    }

    /** Requests cancellation; a running solve stops within about one sweep. */
    public Optional<Job> cancel(String id) {
        Optional<Job> j = get(id);
        j.ifPresent(Job::cancel);
        return j;
    }

    @Override
    public void close() {
        for (Job j : list()) {
            j.cancel();
        }
        pool.shutdownNow();
    }
}
