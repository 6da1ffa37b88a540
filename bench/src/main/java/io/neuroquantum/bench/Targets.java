package io.neuroquantum.bench;

/** Creates the target of a system by its result name. */
final class Targets {

    private Targets() {
    }

    static KvTarget create(String system) {
        return switch (system) {
            case "neuroquantum" -> new NeuroQuantumTarget();
            case "h2" -> new H2Target();
            case "sqlite" -> new SqliteTarget();
            default -> throw new IllegalArgumentException("unknown system '" + system + "' (known: "
                    + String.join(", ", EngineConfig.ALL_SYSTEMS) + ")");
        };
    }
}
