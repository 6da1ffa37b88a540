package io.neuroquantum.bench.m1;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * storage-service as a process of its own: {@code java -jar storage-service.jar} with
 * {@code NQ_DATA_DIR}, {@code NQ_STORAGE_PORT} and {@code NQ_ADMIN_KEY}, stdout and stderr
 * appended to a console file. {@link #kill()} is SIGKILL and checks that the process died of
 * it (exit status 137); {@link #stop()} is SIGTERM (graceful shutdown).
 */
public final class ServiceProcess implements AutoCloseable {

    /** Where the jar is, relative to the repository root. */
    public static final String JAR = "storage-service/target/storage-service.jar";

    private static final Pattern RECOVERY = Pattern.compile(
            "recovery redid (\\d+) records \\((\\d+) pages\\) and undid (\\d+) changes of (\\d+) transactions in (\\d+) ms");

    private final Process process;
    private final long startedNanos;
    private final Path console;
    private final Path dataDir;
    private final int port;
    private final String adminKey;
    private final List<String> command;
    private final Thread reaper;

    private ServiceProcess(Process process, long startedNanos, Path console, Path dataDir, int port, String adminKey,
            List<String> command) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.console = console;
        this.dataDir = dataDir;
        this.port = port;
        this.adminKey = adminKey;
        this.command = command;
        // If this JVM ends (Ctrl-C, a failed test), the service must not outlive it.
        this.reaper = new Thread(process::destroyForcibly, "m1-service-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * The storage-service jar: {@code -Dnq.storage.jar}, else {@value #JAR} under {@code -Dnq.home},
     * under the repository this bench jar (or class directory) belongs to, or under the working
     * directory or one of its parents. A clear error if it is not built.
     */
    public static Path locateJar() {
        String explicit = System.getProperty("nq.storage.jar");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("-Dnq.storage.jar=" + explicit + ": no such file");
            }
            return p;
        }
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("nq.home");
        if (home != null && !home.isBlank()) {
            roots.add(Path.of(home));
        }
        try { // bench/target/nq-bench.jar or bench/target/classes: the repository is two levels up
            Path code = Path.of(ServiceProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (code.getParent() != null && code.getParent().getParent() != null) {
                roots.add(code.getParent().getParent().getParent());
            }
        } catch (Exception e) {
            // no code source: rely on the working directory
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            roots.add(d);
        }
        List<Path> tried = new ArrayList<>();
        for (Path root : roots) {
            if (root == null) {
                continue;
            }
            Path jar = root.toAbsolutePath().normalize().resolve(JAR);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            if (!tried.contains(jar)) {
                tried.add(jar);
            }
        }
        throw new IllegalArgumentException(JAR + " is not built (looked for " + tried.getFirst()
                + (tried.size() > 1 ? " and " + (tried.size() - 1) + " other places" : "")
                + "): build it with ./mvnw -q -DskipTests package (or point -Dnq.storage.jar at it)");
    }

    /**
     * Sources of storage-service or storage-engine newer than the jar (a stale jar would test old
     * code): the first one found, or null.
     */
    public static Path newerSource(Path jar) {
        Path root = jar.getParent().getParent().getParent();
        try {
            long built = Files.getLastModifiedTime(jar).toMillis();
            for (String module : List.of("storage-service", "storage-engine", "platform")) {
                Path src = root.resolve(module).resolve("src/main");
                if (!Files.isDirectory(src)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(src)) {
                    Path newer = files.filter(Files::isRegularFile).filter(f -> {
                        try {
                            return Files.getLastModifiedTime(f).toMillis() > built;
                        } catch (IOException e) {
                            return false;
                        }
                    }).findFirst().orElse(null);
                    if (newer != null) {
                        return newer;
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** A TCP port that is free now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** The java binary of this JVM. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Starts the service; the clock of {@link #startedNanos()} starts just before the process does. */
    public static ServiceProcess start(Path jar, Path dataDir, int port, String adminKey, String heap, Path console)
            throws IOException {
        return start(jar, dataDir, port, adminKey, List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED"), Map.of(), console);
    }

    /**
     * Starts the service with these JVM options and extra environment (e.g.
     * {@code NQ_STORAGE_BUFFER_POOL}); its console goes to {@code console}.
     */
    public static ServiceProcess start(Path jar, Path dataDir, int port, String adminKey, List<String> jvmOptions,
            Map<String, String> extraEnv, Path console) throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(console.toAbsolutePath().getParent());
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataDir.toFile());
        Map<String, String> env = pb.environment();
        env.put("NQ_DATA_DIR", dataDir.toString());
        env.put("NQ_STORAGE_PORT", Integer.toString(port));
        env.put("NQ_ADMIN_KEY", adminKey);
        env.putAll(extraEnv);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long t0 = System.nanoTime();
        Process p = pb.start();
        return new ServiceProcess(p, t0, console, dataDir, port, adminKey, List.copyOf(cmd));
    }

    public String adminKey() {
        return adminKey;
    }

    /** Pid, address and command line, for a report. */
    public String describe() {
        return "storage-service pid " + process.pid() + " on 127.0.0.1:" + port + ": " + String.join(" ", command);
    }

    /** Runs {@code jcmd <pid> args...} (JFR.start, JFR.stop, GC.heap_info); returns its output. */
    public String jcmd(String... args) throws IOException, InterruptedException {
        Path jcmd = Path.of(javaBinary()).resolveSibling("jcmd");
        List<String> cmd = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(process.pid())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Polls {@code /actuator/health/readiness} every 10 ms until it says UP; returns
     * {@link System#nanoTime()} when it first did. Fails if the process exits or the timeout passes.
     */
    public long awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (http) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("storage-service (pid " + pid() + ") exited with status "
                            + process.exitValue() + " while starting; " + diagnostics());
                }
                try {
                    HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                        return System.nanoTime();
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("storage-service (pid " + pid() + ") not ready after "
                            + timeout.toSeconds() + " s; " + diagnostics());
                }
                Thread.sleep(10);
            }
        }
    }

    /** SIGKILL; waits for the process and checks it died of SIGKILL (exit status 128 + 9). */
    public void kill() throws InterruptedException {
        process.destroyForcibly(); // on Linux: kill(pid, SIGKILL)
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("storage-service (pid " + pid() + ") still alive 30 s after SIGKILL");
        }
        int status = process.exitValue();
        if (status != 137) {
            throw new IllegalStateException("storage-service (pid " + pid() + ") ended with status " + status
                    + ", not 137 (SIGKILL): it was not killed by the kill; " + diagnostics());
        }
        removeReaper();
    }

    /** SIGTERM (graceful shutdown), SIGKILL after {@code grace}; the exit status. */
    public int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        removeReaper();
        return process.exitValue();
    }

    private void removeReaper() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    /** The engine's own recovery report from the console: records redone, transactions undone, ms. */
    public record EngineRecovery(long records, long pages, long changesUndone, long losers, long millis) {
    }

    public java.util.Optional<EngineRecovery> engineRecovery() {
        try {
            Matcher m = RECOVERY.matcher(Files.readString(console, StandardCharsets.ISO_8859_1));
            EngineRecovery last = null;
            while (m.find()) {
                last = new EngineRecovery(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
            }
            return java.util.Optional.ofNullable(last);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The JVM's own start-up report ("Started ... in X seconds"), in ms, of the last start in the console. */
    public OptionalLong springStartMillis() {
        try {
            Matcher m = Pattern.compile("Started \\S+ in ([0-9.]+) seconds").matcher(
                    Files.readString(console, StandardCharsets.ISO_8859_1));
            double last = -1;
            while (m.find()) {
                last = Double.parseDouble(m.group(1));
            }
            return last < 0 ? OptionalLong.empty() : OptionalLong.of(Math.round(last * 1000));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Where to look, and the last lines of the console. */
    public String diagnostics() {
        return "console " + console + ", service log " + dataDir.resolve("logs/storage-service.log")
                + "; last console lines:\n" + tail(console, 25);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        removeReaper();
    }
}
