package io.neuroquantum.optimizer.web;

import io.neuroquantum.optimizer.job.JobManager;
import io.neuroquantum.optimizer.model.InvalidModelException;
import io.neuroquantum.platform.problem.ApiProblem;

/** Maps core exceptions to problem+json: bad input is a 400 naming the problem. */
final class CoreErrors {

    private CoreErrors() {
    }

    static Throwable map(Throwable t) {
        if (t instanceof InvalidModelException e) {
            return ApiProblem.badRequest(e.getMessage());
        }
        if (t instanceof JobManager.TooManyJobsException e) {
            return new ApiProblem(429, "too-many-jobs", "Too Many Jobs", e.getMessage());
        }
        if (t instanceof OutOfMemoryError) {
            return new ApiProblem(503, "out-of-memory", "Service Unavailable",
                    "the problem did not fit in the memory of the service; try a smaller one");
        }
        return t;
    }
}
