package io.neuroquantum.cli;

import io.neuroquantum.cli.suite.ServiceState;
import io.neuroquantum.cli.suite.SuiteLauncher;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start all five services (those not already running) and wait until they are ready.")
final class UpCommand implements Runnable {

    @Option(names = "--timeout", defaultValue = "180", description = "Seconds to wait for readiness (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public void run() {
        SuiteLauncher launcher = SuiteOptions.launcher();
        var layout = SuiteOptions.layout(SuiteLauncher.systemEnv());
        System.out.println("NeuroQuantumDB: starting the suite (data in " + layout.dataDir() + ")");
        List<ServiceState> states = launcher.up(Duration.ofSeconds(timeoutSeconds));
        System.out.println();
        StatusCommand.print(states);
        System.out.println();
        String envKey = System.getenv("NQ_ADMIN_KEY");
        System.out.println("Admin key: " + (envKey != null && !envKey.isBlank()
                ? "the value of NQ_ADMIN_KEY" : layout.adminKeyFile() + " (mode 0600)"));
        System.out.println("Logs:      " + layout.logDir());
        System.out.println("Stop with: ./nq down");
    }
}
