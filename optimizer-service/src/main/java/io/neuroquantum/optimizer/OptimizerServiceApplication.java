package io.neuroquantum.optimizer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** QUBO / Ising models and classical solvers, some of them simulations of quantum annealing. */
@SpringBootApplication
public class OptimizerServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OptimizerServiceApplication.class, args);
    }
}
