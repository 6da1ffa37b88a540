package io.neuroquantum.it;

import io.neuroquantum.cli.suite.ServiceState;
import io.neuroquantum.cli.suite.SuiteLauncher;
import io.neuroquantum.cli.suite.SuiteLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a failed request to a service of the suite leaves behind, so that a CI failure
 * explains itself: the TCP state of the service's port ({@code ss}), whether a fresh
 * connection gets an answer, the service's threads ({@code jcmd Thread.print}, else
 * {@code kill -3} into its console log), the tails of its logs, and this JVM's HTTP client
 * threads. Sockets and threads are taken while the request is still pending when it is slow
 * (see {@code SuiteIT.send}). Everything is also written to {@code target/suite-it-diagnostics/}.
 *
 * <p>How to read it: request bytes in the service's Recv-Q with idle {@code reactor-http-*}
 * event loops and a fresh connection answering at once mean the service stopped reading that
 * one keep-alive connection (the Reactor Netty 1.3.6 read stall that made this test flaky);
 * busy or blocked event loops mean the service itself hangs.
 */
final class SuiteDiagnostics {

    private static final int LOG_LINES = 80;
    private static final Path OUT_DIR = Path.of(System.getProperty("nq.it.diagnostics",
            "target/suite-it-diagnostics"));

    private final SuiteLauncher launcher;
    private final SuiteLayout layout;

    SuiteDiagnostics(SuiteLauncher launcher, SuiteLayout layout) {
        this.launcher = launcher;
        this.layout = layout;
    }

    /**
     * The assertion error for a request that failed or timed out: names the service and the
     * request, and carries the diagnostics.
     */
    AssertionError requestFailed(String service, int port, String method, String path, Throwable cause,
                                 String whilePending) {
        String headline = service + ": " + method + " " + path + " (port " + port + ") failed: " + cause;
        String report = (whilePending == null ? "" : whilePending) + collect(service, port, path, headline,
                whilePending == null);
        String file = save(service, report);
        return new AssertionError(headline + (file == null ? "" : "\n(diagnostics also in " + file + ")")
                + "\n" + report, cause);
    }

    /**
     * A request to the service has been pending for {@code after}: its sockets (with the
     * request still on the wire) and threads, and this JVM's HTTP client threads, now.
     */
    String whilePending(String service, int port, Duration after) {
        StringBuilder out = new StringBuilder();
        out.append("==== ").append(Instant.now()).append(' ').append(service).append(": a request unanswered after ")
                .append(after.toSeconds()).append(" s\n");
        section(out, socketsTitle(port), () -> sockets(port));
        long pid = pidOf(service);
        section(out, "thread dump of " + service + " (pid " + pid + ")", () -> threadDump(service, pid));
        section(out, "HTTP client threads of the test JVM", SuiteDiagnostics::clientThreads);
        return out.toString();
    }

    private String collect(String service, int port, String path, String headline, boolean withThreads) {
        StringBuilder out = new StringBuilder();
        out.append("==== ").append(Instant.now()).append(' ').append(headline).append('\n');
        section(out, socketsTitle(port), () -> sockets(port));
        section(out, "the same request on a fresh connection", () -> freshProbe(port, path));
        if (withThreads) {
            long pid = pidOf(service);
            section(out, "thread dump of " + service + " (pid " + pid + ")", () -> threadDump(service, pid));
        }
        section(out, "last " + LOG_LINES + " lines of " + logFile(service), () -> tail(logFile(service)));
        section(out, "last " + LOG_LINES + " lines of " + layout.consoleLog(named(service)),
                () -> tail(layout.consoleLog(named(service))));
        if (withThreads) {
            section(out, "HTTP client threads of the test JVM", SuiteDiagnostics::clientThreads);
        }
        return out.toString();
    }

    private static String socketsTitle(int port) {
        return "TCP connections of port " + port + " (Recv-Q on the service's side: a request it has not read)";
    }

    private interface Part {
        String get() throws Exception;
    }

    private static void section(StringBuilder out, String title, Part part) {
        out.append("---- ").append(title).append('\n');
        try {
            out.append(part.get());
        } catch (Exception | Error e) {
            out.append("(unavailable: ").append(e).append(')');
        }
        out.append('\n');
    }

    /** Distinguishes a stuck connection (a new one answers) from a stuck service (it does not). */
    private static String freshProbe(int port, String path) throws Exception {
        try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                return String.format("HTTP %d after %d ms: %s", r.statusCode(), (System.nanoTime() - start) / 1_000_000,
                        abbreviate(r.body()));
            } catch (IOException e) {
                return String.format("failed after %d ms: %s", (System.nanoTime() - start) / 1_000_000, e);
            }
        }
    }

    /** {@code ss}: which side holds the unanswered request (unread bytes show in Recv-Q). */
    private static String sockets(int port) throws Exception {
        return run(List.of("ss", "-tnoip", "( sport = :" + port + " or dport = :" + port + " )"), 10).output;
    }

    private long pidOf(String service) {
        try {
            return launcher.status().stream().filter(s -> s.service().name().equals(service))
                    .mapToLong(ServiceState::pid).findFirst().orElse(-1);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private String threadDump(String service, long pid) throws Exception {
        if (pid <= 0) {
            return "(no live process)";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(jcmd)) {
            Run r = run(List.of(jcmd.toString(), Long.toString(pid), "Thread.print", "-l"), 30);
            if (r.exit == 0 && r.output.contains("Full thread dump")) {
                return r.output;
            }
            return "jcmd failed (exit " + r.exit + "): " + abbreviate(r.output) + "\n" + sigquit(service, pid);
        }
        return "no " + jcmd + "\n" + sigquit(service, pid);
    }

    /** {@code kill -3}: the JVM prints its threads to stdout, which is the console log. */
    private String sigquit(String service, long pid) throws Exception {
        Path console = layout.consoleLog(named(service));
        long before = Files.exists(console) ? Files.size(console) : 0;
        Run r = run(List.of("kill", "-3", Long.toString(pid)), 10);
        if (r.exit != 0) {
            return "kill -3 failed (exit " + r.exit + "): " + r.output;
        }
        Thread.sleep(2000);
        byte[] all = Files.readAllBytes(console);
        int from = (int) Math.min(before, all.length);
        return "thread dump from kill -3 (appended to " + console + "):\n"
                + new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "timed out after " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), output.get(5, TimeUnit.SECONDS));
    }

    private Path logFile(String service) {
        return layout.logDir().resolve(service + ".log");
    }

    private static io.neuroquantum.cli.suite.ServiceSpec named(String service) {
        return io.neuroquantum.cli.suite.ServiceSpec.ALL.stream().filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow();
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no such file)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
    }

    /** The JDK client's selector and executor threads: shows a client-side stall. */
    private static String clientThreads() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            if (t.getThreadName().startsWith("HttpClient")) {
                out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
                if (t.getLockName() != null) {
                    out.append(" on ").append(t.getLockName());
                }
                out.append('\n');
                for (StackTraceElement e : t.getStackTrace()) {
                    out.append("\tat ").append(e).append('\n');
                }
            }
        }
        return out.isEmpty() ? "(none)" : out.toString();
    }

    private static String save(String service, String report) {
        try {
            Files.createDirectories(OUT_DIR);
            Path file = OUT_DIR.resolve(service + "-" + System.currentTimeMillis() + ".txt");
            Files.writeString(file, report);
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }
}
