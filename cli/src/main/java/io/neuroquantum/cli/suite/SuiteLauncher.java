package io.neuroquantum.cli.suite;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts, stops and inspects the five services as separate JVMs.
 *
 * <p>Guarantees: {@link #up} checks everything (jars, ports, running instances) before it
 * starts anything, starts only what is not already running, and on failure stops what it
 * started in that call. {@link #down} stops only processes whose pid file still matches
 * the live process (pid, start time and jar), first with SIGTERM (graceful shutdown), then
 * with SIGKILL after the grace period.
 */
public final class SuiteLauncher {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final SuiteLayout layout;
    private final Map<String, String> env;
    private final Consumer<String> progress;
    private final HealthProbe probe = new HealthProbe();

    public SuiteLauncher(SuiteLayout layout, Map<String, String> env, Consumer<String> progress) {
        this.layout = layout;
        this.env = Map.copyOf(env);
        this.progress = progress;
    }

    /** Brings every service to ready; returns their states. */
    public List<ServiceState> up(Duration readyTimeout) {
        Map<ServiceSpec, Integer> ports = resolvePorts();
        List<ServiceSpec> toStart = new ArrayList<>();
        for (ServiceSpec s : ServiceSpec.ALL) {
            var running = PidFile.read(layout.pidFile(s)).flatMap(PidFile::liveProcess);
            if (running.isPresent()) {
                progress.accept(s.name() + " is already running (pid " + running.get().pid() + ")");
                continue;
            }
            if (!Files.isRegularFile(layout.jar(s))) {
                throw new SuiteException("missing " + layout.jar(s) + ": build it with ./mvnw -DskipTests package");
            }
            if (!Ports.isFree(ports.get(s))) {
                throw new SuiteException("port " + ports.get(s) + " for " + s.name()
                        + " is already in use by another process: stop it, or choose another port with "
                        + s.portVariable() + "=<port>");
            }
            toStart.add(s);
        }
        Map<ServiceSpec, Process> started = new LinkedHashMap<>();
        try {
            for (ServiceSpec s : toStart) {
                started.put(s, start(s, ports));
            }
            awaitReady(started, ports, readyTimeout);
        } catch (RuntimeException e) {
            started.forEach((s, p) -> stopProcess(s, p.toHandle(), Duration.ofSeconds(10)));
            started.keySet().forEach(s -> deleteQuietly(layout.pidFile(s)));
            throw e;
        }
        return status();
    }

    /** Stops every service this data directory's pid files name. */
    public void down(Duration grace) {
        for (ServiceSpec s : ServiceSpec.ALL) {
            Path pidFile = layout.pidFile(s);
            var recorded = PidFile.read(pidFile);
            if (recorded.isEmpty()) {
                continue;
            }
            var live = recorded.get().liveProcess();
            if (live.isPresent()) {
                stopProcess(s, live.get(), grace);
            } else {
                progress.accept(s.name() + " was not running (stale pid file removed)");
            }
            deleteQuietly(pidFile);
        }
    }

    public List<ServiceState> status() {
        Map<ServiceSpec, Integer> ports = resolvePorts();
        List<ServiceState> states = new ArrayList<>();
        for (ServiceSpec s : ServiceSpec.ALL) {
            var recorded = PidFile.read(layout.pidFile(s));
            int port = recorded.map(PidFile::port).orElse(ports.get(s));
            long pid = recorded.flatMap(PidFile::liveProcess).map(ProcessHandle::pid).orElse(-1L);
            states.add(new ServiceState(s, port, pid, probe.status(port, "/actuator/health")));
        }
        return states;
    }

    private Map<ServiceSpec, Integer> resolvePorts() {
        Map<ServiceSpec, Integer> ports = new LinkedHashMap<>();
        Set<Integer> seen = new HashSet<>();
        for (ServiceSpec s : ServiceSpec.ALL) {
            int port;
            try {
                port = s.port(env);
            } catch (IllegalArgumentException e) {
                throw new SuiteException(e.getMessage());
            }
            if (!seen.add(port)) {
                throw new SuiteException("port " + port + " is configured for two services: check the NQ_*_PORT variables");
            }
            ports.put(s, port);
        }
        return ports;
    }

    private Process start(ServiceSpec s, Map<ServiceSpec, Integer> ports) {
        try {
            Files.createDirectories(layout.logDir());
            Files.createDirectories(layout.runDir());
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                command.add(SETSID.toString()); // own session: Ctrl-C in the terminal does not kill the suite
            }
            command.add(javaBinary());
            command.add("-Xmx" + env.getOrDefault(s.envPrefix() + "_HEAP", s.defaultHeap()));
            command.add("-XX:+ExitOnOutOfMemoryError");
            command.add("--enable-native-access=ALL-UNNAMED");
            command.addAll(splitOptions(env.get("NQ_JAVA_OPTS")));
            command.addAll(splitOptions(env.get(s.envPrefix() + "_JAVA_OPTS")));
            command.add("-jar");
            command.add(layout.jar(s).toString());

            ProcessBuilder pb = new ProcessBuilder(command).directory(layout.home().toFile());
            Map<String, String> childEnv = pb.environment();
            childEnv.putAll(env);
            childEnv.put("NQ_DATA_DIR", layout.dataDir().toString());
            ports.forEach((svc, port) -> childEnv.put(svc.portVariable(), Integer.toString(port)));
            childEnv.putIfAbsent("NQ_AUTH_AUTHORITY_URL", "http://127.0.0.1:" + ports.get(ServiceSpec.ALL.getFirst()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(layout.consoleLog(s).toFile()));
            Process process = pb.start();
            new PidFile(process.pid(), process.info().startInstant().orElse(null), ports.get(s),
                    layout.jar(s).toString()).write(layout.pidFile(s));
            progress.accept("starting " + s.name() + " on port " + ports.get(s) + " (pid " + process.pid() + ")");
            return process;
        } catch (IOException e) {
            throw new SuiteException("cannot start " + s.name() + ": " + e.getMessage());
        }
    }

    private void awaitReady(Map<ServiceSpec, Process> started, Map<ServiceSpec, Integer> ports, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<ServiceSpec, Process> waiting = new LinkedHashMap<>(started);
        long begin = System.nanoTime();
        while (!waiting.isEmpty()) {
            for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                ServiceSpec s = entry.getKey();
                if (!entry.getValue().isAlive()) {
                    throw new SuiteException(s.name() + " exited with code " + entry.getValue().exitValue()
                            + " while starting; last lines of " + layout.consoleLog(s) + ":\n" + tail(layout.consoleLog(s), 15));
                }
                if (probe.ready(ports.get(s))) {
                    progress.accept(String.format("%s is ready (%.1f s)", s.name(), (System.nanoTime() - begin) / 1e9));
                    it.remove();
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new SuiteException("not ready after " + timeout.toSeconds() + " s: "
                        + waiting.keySet().stream().map(ServiceSpec::name).toList() + "; see " + layout.logDir());
            }
            sleep(250);
        }
    }

    private void stopProcess(ServiceSpec s, ProcessHandle handle, Duration grace) {
        progress.accept("stopping " + s.name() + " (pid " + handle.pid() + ")");
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            progress.accept(s.name() + " did not stop within " + grace.toSeconds() + " s: killing it");
            handle.destroyForcibly();
            handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> null).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static List<String> splitOptions(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.strip().split("\\s+"));
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a pid file that cannot be removed is detected as stale on the next start
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiteException("interrupted while waiting for the services");
        }
    }

    /** Environment of this process, for callers outside tests. */
    public static Map<String, String> systemEnv() {
        return new HashMap<>(System.getenv());
    }
}
