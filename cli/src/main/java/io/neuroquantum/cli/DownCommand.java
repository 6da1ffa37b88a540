package io.neuroquantum.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the services started by 'nq up': gracefully, then forcefully after the timeout.")
final class DownCommand implements Runnable {

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds of graceful shutdown before SIGKILL (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public void run() {
        SuiteOptions.launcher().down(Duration.ofSeconds(timeoutSeconds));
        System.out.println("NeuroQuantumDB: stopped");
    }
}
