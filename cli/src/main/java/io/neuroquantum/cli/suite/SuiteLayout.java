package io.neuroquantum.cli.suite;

import java.nio.file.Path;

/**
 * Where things are: the installation (jars under {@code <home>/<module>/target}) and the
 * data directory (data, {@code logs/}, and {@code run/} with one pid file per service).
 */
public record SuiteLayout(Path home, Path dataDir) {

    public SuiteLayout {
        home = home.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path jar(ServiceSpec service) {
        return home.resolve(service.name()).resolve("target").resolve(service.name() + ".jar");
    }

    public Path runDir() {
        return dataDir.resolve("run");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public Path pidFile(ServiceSpec service) {
        return runDir().resolve(service.name() + ".pid");
    }

    /** Where the service's console output goes (its structured log is {@code <name>.log}). */
    public Path consoleLog(ServiceSpec service) {
        return logDir().resolve(service.name() + ".out");
    }

    public Path adminKeyFile() {
        return dataDir.resolve("admin.key");
    }
}
