package io.neuroquantum.optimizer.config;

import io.neuroquantum.optimizer.model.Limits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Optimizer settings under {@code nq.optimizer}.
 *
 * @param maxVariables   largest vertex / variable / spin count of one problem
 * @param maxPairs       largest number of edges or quadratic pairs of one problem
 * @param maxCities      largest TSP instance
 * @param maxColors      largest K for colouring
 * @param maxTimeLimitMs largest timeLimitMs of one solve
 * @param maxJobs        jobs kept (finished ones are evicted oldest first)
 * @param concurrentJobs jobs run at the same time (they still share the cores' worker budget)
 */
@ConfigurationProperties("nq.optimizer")
public record OptimizerProperties(@DefaultValue("200000") int maxVariables,
                                  @DefaultValue("5000000") long maxPairs,
                                  @DefaultValue("2000") int maxCities,
                                  @DefaultValue("256") int maxColors,
                                  @DefaultValue("600000") long maxTimeLimitMs,
                                  @DefaultValue("64") int maxJobs,
                                  @DefaultValue("2") int concurrentJobs) {

    public Limits limits() {
        return new Limits(maxVariables, maxPairs, maxCities, maxColors, maxTimeLimitMs);
    }
}
