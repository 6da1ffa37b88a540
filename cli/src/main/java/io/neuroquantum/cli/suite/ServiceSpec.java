package io.neuroquantum.cli.suite;

import java.util.List;
import java.util.Map;

/**
 * One service of the suite: its module (and jar), default port and the environment
 * variable that overrides the port.
 */
public record ServiceSpec(String name, int defaultPort, String portVariable, String defaultHeap) {

    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("storage-service", 8081, "NQ_STORAGE_PORT", "1g"),
            new ServiceSpec("query-service", 8082, "NQ_QUERY_PORT", "512m"),
            new ServiceSpec("realtime-gateway", 8083, "NQ_REALTIME_PORT", "512m"),
            new ServiceSpec("optimizer-service", 8084, "NQ_OPTIMIZER_PORT", "1g"),
            new ServiceSpec("backup-service", 8085, "NQ_BACKUP_PORT", "512m"));

    /** The port from the environment if set, else the default. */
    public int port(Map<String, String> env) {
        String value = env.get(portVariable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(portVariable + "='" + value + "' is not a port number (1-65535)");
        }
    }

    /** The environment-variable prefix for per-service settings, e.g. {@code NQ_STORAGE}. */
    String envPrefix() {
        return portVariable.substring(0, portVariable.length() - "_PORT".length());
    }
}
