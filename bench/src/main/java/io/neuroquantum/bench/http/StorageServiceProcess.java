package io.neuroquantum.bench.http;

import io.neuroquantum.bench.Progress;
import io.neuroquantum.bench.recovery.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * storage-service as the suite runs it: {@code java <jvm options> -jar storage-service.jar} as a
 * child process, with this JVM's java, a fresh data directory ({@code NQ_DATA_DIR}), a free
 * loopback port ({@code NQ_STORAGE_PORT}), a random admin key ({@code NQ_ADMIN_KEY}) and the
 * buffer pool asked for ({@code NQ_STORAGE_BUFFER_POOL}) and the 16 MB request bodies the platform
 * configuration intends ({@code SPRING_HTTP_CODECS_MAX_IN_MEMORY_SIZE}); its console goes to a log file. Ready
 * when {@code GET /actuator/health/readiness} answers 200. {@link #close()} sends SIGTERM (a
 * graceful shutdown), then SIGKILL after 30 s; a shutdown hook kills it if the suite dies first.
 */
final class StorageServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String adminKey;
    private final Path log;
    private final List<String> command;
    private final Thread hook;

    private StorageServiceProcess(Process process, int port, String adminKey, Path log, List<String> command) {
        this.process = process;
        this.port = port;
        this.adminKey = adminKey;
        this.log = log;
        this.command = command;
        this.hook = new Thread(process::destroyForcibly, "storage-service-kill");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static StorageServiceProcess start(Path jar, Path dataDir, String bufferPool, List<String> jvmOptions, Path log)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it first (./mvnw -q -DskipTests package) or"
                    + " give --service-jar");
        }
        int port = freePort();
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String key = "nqbench_" + HexFormat.of().formatHex(secret);
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvm.javaBinary());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        Files.createDirectories(dataDir);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataDir.toFile());
        pb.environment().put("NQ_DATA_DIR", dataDir.toAbsolutePath().toString());
        pb.environment().put("NQ_STORAGE_PORT", Integer.toString(port));
        pb.environment().put("NQ_ADMIN_KEY", key);
        pb.environment().put("NQ_STORAGE_BUFFER_POOL", bufferPool);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        return new StorageServiceProcess(p, port, key, log, cmd);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits for {@code /actuator/health/readiness} to answer 200. */
    void awaitReady(int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("storage-service exited with code " + process.exitValue() + " while starting;"
                        + " last lines of " + log + ":\n" + logTail(20));
            }
            try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
                HttpConnection.RequestBuilder rb = new HttpConnection.RequestBuilder(c.hostHeader(), null);
                rb.start().ascii("GET /actuator/health/readiness").endHead();
                int status = c.exchange(rb.array(), rb.length());
                if (status == 200) {
                    return;
                }
                last = "HTTP " + status + " " + c.bodyText();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IOException("storage-service not ready within " + timeoutSeconds + " s (" + last + "); log "
                + log + ":\n" + logTail(20));
    }

    int port() {
        return port;
    }

    String adminKey() {
        return adminKey;
    }

    long pid() {
        return process.pid();
    }

    String describe() {
        return "storage-service pid " + process.pid() + " on 127.0.0.1:" + port + ": " + String.join(" ", command);
    }

    /** CPU time of the service process so far (ns), or -1. */
    long cpuNanos() {
        return ProcCpu.processNanos(process.pid());
    }

    /** Runs {@code jcmd <pid> args...} (JFR.start, JFR.stop, GC.heap_info); returns its output. */
    String jcmd(String... args) throws IOException, InterruptedException {
        Path jcmd = Path.of(ChildJvm.javaBinary()).resolveSibling("jcmd");
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(process.pid())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                Progress.log("storage-service did not stop within 30 s of SIGTERM: killing it");
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }
}
