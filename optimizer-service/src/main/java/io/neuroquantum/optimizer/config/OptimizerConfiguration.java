package io.neuroquantum.optimizer.config;

import io.neuroquantum.optimizer.api.OptimizerService;
import io.neuroquantum.optimizer.job.JobManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain-Java optimizer core into the service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OptimizerProperties.class)
public class OptimizerConfiguration {

    @Bean
    OptimizerService optimizerService(OptimizerProperties props) {
        return new OptimizerService(props.limits());
    }

    @Bean(destroyMethod = "close")
    JobManager jobManager(OptimizerService service, OptimizerProperties props) {
        return new JobManager(service, props.maxJobs(), props.concurrentJobs());
    }
}
