package io.neuroquantum.cli;

import io.neuroquantum.cli.suite.ServiceState;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show each service: pid, port, health, URL.")
final class StatusCommand implements java.util.concurrent.Callable<Integer> {

    @Override
    public Integer call() {
        List<ServiceState> states = SuiteOptions.launcher().status();
        print(states);
        return states.stream().allMatch(s -> "UP".equals(s.health())) ? 0 : 3;
    }

    static void print(List<ServiceState> states) {
        System.out.printf("%-18s %-6s %-8s %-12s %s%n", "SERVICE", "PORT", "PID", "HEALTH", "URL");
        for (ServiceState s : states) {
            System.out.printf("%-18s %-6d %-8s %-12s %s%n", s.service().name(), s.port(),
                    s.running() ? Long.toString(s.pid()) : "-", s.health(), s.url());
        }
    }
}
