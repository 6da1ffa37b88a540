package io.neuroquantum.realtime.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * {@code ./nq bench realtime [--quick] [--out DIR]}: WebSocket fan-out of one channel to N
 * subscribers (10,000; 1,000 with {@code --quick}) at increasing delivery rates, for the
 * gateway and for the raw Reactor Netty anchor ({@link NettyBroadcastServer}) in the same run.
 *
 * <p>Both servers run as child JVMs started from this same jar (a process holds at most
 * 20,000 file descriptors here: 10,000 client sockets plus 10,000 server sockets would not fit
 * in one); the gateway runs in local auth mode with a temporary data directory. The load
 * client runs in this JVM: Reactor Netty WebSocket clients, one publisher posting messages
 * whose {@code data.t} is the publish time in {@link System#nanoTime()}, so latency is
 * publish to receive on one clock, recorded in HdrHistogram.
 *
 * <p>Writes {@code DIR/realtime.json} (default {@code bench-results}) as rows
 * {@code {"case","system","metric","value","unit"}} and prints a markdown table.
 *
 * <p>Options (system properties, or the same as arguments: {@code --clients N} etc.):
 * {@code bench.clients} (N), {@code bench.rates} (deliveries/s, comma-separated),
 * {@code bench.systems} ({@code netty,gateway}), {@code bench.jfr=DIR} (a JFR recording of each
 * server JVM, {@code DIR/<system>.jfr}), {@code bench.jar} (start the servers from another build
 * of this jar, for A/B runs).
 */
public final class RealtimeBenchMain {

    private record Row(String kase, String system, String metric, double value, String unit) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final boolean quick;
    private final int clients;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RealtimeBenchMain(boolean quick) {
        this.quick = quick;
        this.clients = Integer.getInteger("bench.clients", quick ? 1_000 : 10_000);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = Path.of("bench-results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                // The same as the bench.* system properties, for ./nq bench realtime ... (program arguments only)
                case "--clients", "--rates", "--systems", "--jfr", "--jar" -> System.setProperty("bench." + args[i].substring(2), args[++i]);
                default -> throw new IllegalArgumentException("usage: RealtimeBenchMain [--quick] [--out DIR] [--clients N] "
                        + "[--rates R1,R2,...] [--systems netty,gateway] [--jfr DIR] [--jar JAR]");
            }
        }
        RealtimeBenchMain bench = new RealtimeBenchMain(quick);
        bench.run();
        Files.createDirectories(out);
        Files.writeString(out.resolve("realtime.json"), bench.json());
        System.out.println(bench.table());
        System.out.println("wrote " + out.resolve("realtime.json"));
        System.exit(0);
    }

    private void run() throws Exception {
        checkFileDescriptors();
        double[] rates = rates();
        String jar = ownJar();
        Path data = Files.createTempDirectory("nq-bench-realtime");
        java.util.Set<String> systems = java.util.Set.of(System.getProperty("bench.systems", "netty,gateway").split(","));

        if (systems.contains("netty")) {
            int nettyPort = freePort();
            List<String> args = new ArrayList<>(jvmArgs("netty"));
            args.addAll(List.of("-cp", jar, "-Dloader.main=" + NettyBroadcastServer.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher", String.valueOf(nettyPort)));
            Process netty = start(args, data.resolve("netty.log"));
            try {
                awaitPort(nettyPort, netty);
                measure("netty", "ws://127.0.0.1:" + nettyPort + "/ws", "http://127.0.0.1:" + nettyPort + "/publish", null, rates, netty);
            } finally {
                stop(netty);
            }
        }

        if (systems.contains("gateway")) {
            int gwPort = freePort();
            List<String> args = new ArrayList<>(jvmArgs("gateway"));
            args.addAll(List.of("-jar", jar, "--server.port=" + gwPort, "--nq.auth.mode=local",
                    "--nq.data-dir=" + data.resolve("gw"), "--nq.realtime.max-connections-per-key=" + (clients + 100),
                    "--nq.realtime.max-connections=" + (clients + 100), "--logging.file.name=" + data.resolve("gw.log")));
            Process gateway = start(args, data.resolve("gateway.out"));
            try {
                awaitPort(gwPort, gateway);
                // Not just the port: the startup warm-up runs before readiness, and connecting
                // 10,000 clients meanwhile would measure the two fighting.
                awaitReady("http://127.0.0.1:" + gwPort + "/actuator/health/readiness", gateway);
                String key = awaitFile(data.resolve("gw").resolve("admin.key"));
                measure("gateway", "ws://127.0.0.1:" + gwPort + "/ws?access_token=" + key,
                        "http://127.0.0.1:" + gwPort + "/api/v1/channels/bench/messages", key, rates, gateway);
            } finally {
                stop(gateway);
            }
        }
        ratios(rates);
        System.out.println("server logs in " + data);
    }

    private double[] rates() {
        String r = System.getProperty("bench.rates");
        if (r != null) {
            return java.util.Arrays.stream(r.split(",")).mapToDouble(Double::parseDouble).toArray();
        }
        return quick ? new double[] {10_000, 25_000, 50_000} : new double[] {10_000, 25_000, 50_000, 80_000};
    }

    /** {@code -Xmx1g} for both servers, plus a JFR recording with {@code -Dbench.jfr=DIR}. */
    private static List<String> jvmArgs(String system) throws IOException {
        List<String> args = new ArrayList<>(List.of("-Xmx1g"));
        String jfr = System.getProperty("bench.jfr");
        if (jfr != null) {
            Path dir = Files.createDirectories(Path.of(jfr)).toAbsolutePath();
            args.add("-XX:StartFlightRecording=filename=" + dir.resolve(system + ".jfr") + ",settings=profile");
        }
        return args;
    }

    /** Both ends of N sockets live in separate processes, but each needs N descriptors and some. */
    private void checkFileDescriptors() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            long max = os.getMaxFileDescriptorCount();
            if (max < clients + 1_000L) {
                throw new IllegalStateException("the open-file limit is " + max + ", " + clients + " clients need at least "
                        + (clients + 1_000) + ": raise it (ulimit -n " + (clients + 2_000) + ") or pass -Dbench.clients=");
            }
        }
    }

    private void measure(String system, String wsUrl, String publishUrl, String key, double[] rates, Process server) {
        LongAdder delivered = new LongAdder();
        AtomicInteger confirmed = new AtomicInteger();
        Recorder latency = new Recorder(3);
        // Only messages published inside the measured window count (their payload says when).
        java.util.concurrent.atomic.AtomicLong windowFrom = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        java.util.concurrent.atomic.AtomicLong windowTo = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        LongAdder inWindow = new LongAdder();
        reactor.netty.http.client.HttpClient.WebsocketSender client = reactor.netty.http.client.HttpClient.newConnection()
                .responseTimeout(Duration.ofSeconds(60))
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build());
        long t0 = System.nanoTime();
        long connectCpu0 = cpuNanos(server);
        List<Disposable> conns = new ArrayList<>();
        Flux<Void> one = client.uri(wsUrl).handle((in, out) -> {
            Mono<Void> sub = out.sendString(Mono.just("{\"type\":\"subscribe\",\"channel\":\"bench\"}")).then();
            Mono<Void> recv = in.receiveFrames().doOnNext(f -> {
                if (!(f instanceof TextWebSocketFrame)) {
                    return;
                }
                ByteBuf b = f.content();
                if (startsWith(b, CHANNEL_MESSAGE)) {
                    long sent = sentNanos(b);
                    if (sent >= windowFrom.get() && sent < windowTo.get()) {
                        latency.recordValue(Math.max(0, System.nanoTime() - sent) / 1000);
                        inWindow.increment();
                    }
                    delivered.increment();
                } else if (startsWith(b, CONFIRMED)) {
                    confirmed.incrementAndGet();
                }
            }).then();
            return sub.then(recv);
        });
        // Connect in waves of 500, each after the previous one subscribed (or 30 s passed).
        for (int i = 0; i < clients; i++) {
            conns.add(one.subscribe(v -> { }, e -> { }));
            if ((i + 1) % 500 == 0 || i + 1 == clients) {
                long waveDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (confirmed.get() < i + 1 && System.nanoTime() < waveDeadline) {
                    LockSupport.parkNanos(5_000_000L);
                }
            }
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (confirmed.get() < clients && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            double connectS = (System.nanoTime() - t0) / 1e9;
            String conCase = "connect " + clients;
            rows.add(new Row(conCase, system, "connected", confirmed.get(), "connections"));
            rows.add(new Row(conCase, system, "connect_time", connectS, "s"));
            double connectCpuMs = (cpuNanos(server) - connectCpu0) / 1e6 / Math.max(1, confirmed.get());
            rows.add(new Row(conCase, system, "server_cpu_per_connection", connectCpuMs, "ms"));
            System.out.printf(Locale.ROOT, "%s: %d/%d subscribed in %.1f s (server cpu %.2f ms per connection)%n",
                    system, confirmed.get(), clients, connectS, connectCpuMs);
            int n = confirmed.get();
            double peakHeap = 0;
            boolean first = true;
            for (double rate : rates) {
                double publishPerS = rate / Math.max(1, n);
                String kase = String.format(Locale.ROOT, "fanout %d clients @ %.0f/s", clients, rate);
                // Warm-up; the first step's is longer, so that the JIT has compiled the fan-out
                // path (the gateway has more code to compile than the anchor).
                publish(publishUrl, key, publishPerS, (quick ? 3 : 5) * (first ? 3 : 1));
                first = false;
                quiesce(delivered);
                latency.reset();
                inWindow.reset();
                int window = quick ? 5 : 10;
                long cpu0 = cpuNanos(server);
                long client0 = cpuNanos(ProcessHandle.current());
                long stall0 = cpuStallMicros();
                long busy0 = machineBusyNanos();
                long w0 = System.nanoTime();
                windowFrom.set(w0);
                windowTo.set(Long.MAX_VALUE);
                long published = publish(publishUrl, key, publishPerS, window);
                windowTo.set(System.nanoTime());
                long expected = published * n;
                long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (inWindow.sum() < expected && System.nanoTime() < settle) {
                    LockSupport.parkNanos(10_000_000L);
                }
                double wall = (System.nanoTime() - w0) / 1e9;
                double cpu = (cpuNanos(server) - cpu0) / 1e9 / wall * 100;
                double clientCpu = (cpuNanos(ProcessHandle.current()) - client0) / 1e9 / wall * 100;
                double pressure = stall0 < 0 ? Double.NaN : (cpuStallMicros() - stall0) / 1e4 / wall;
                long busy1 = machineBusyNanos();
                double others = busy0 < 0 || busy1 < 0 ? Double.NaN : Math.max(0, (busy1 - busy0) / 1e9 / wall * 100 - cpu - clientCpu);
                Histogram h = latency.getIntervalHistogram();
                double deliveredPerS = inWindow.sum() / (double) window;
                double heap = heapUsedMiB(server, false);
                peakHeap = Math.max(peakHeap, heap);
                rows.add(new Row(kase, system, "delivered_per_s", deliveredPerS, "msg/s"));
                rows.add(new Row(kase, system, "delivered_ratio", expected == 0 ? 0 : inWindow.sum() / (double) expected, "of published x clients"));
                rows.add(new Row(kase, system, "p50_latency", h.getValueAtPercentile(50) / 1000.0, "ms"));
                rows.add(new Row(kase, system, "p99_latency", h.getValueAtPercentile(99) / 1000.0, "ms"));
                rows.add(new Row(kase, system, "p999_latency", h.getValueAtPercentile(99.9) / 1000.0, "ms"));
                rows.add(new Row(kase, system, "server_cpu", cpu, "%"));
                rows.add(new Row(kase, system, "client_cpu", clientCpu, "%"));
                rows.add(new Row(kase, system, "heap_used", heap, "MiB"));
                rows.add(new Row(kase, system, "machine_cpu_pressure", pressure, "% of time"));
                rows.add(new Row(kase, system, "other_processes_cpu", others, "%"));
                System.out.printf(Locale.ROOT, "%s %s: %.0f delivered/s (%.4f of %d), p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, "
                                + "server cpu %.0f%%, client cpu %.0f%%, other processes %.0f%%, heap %.0f MiB, cpu pressure %.0f%%%n",
                        system, kase, deliveredPerS, expected == 0 ? 0 : inWindow.sum() / (double) expected, expected,
                        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                        h.getValueAtPercentile(99.9) / 1000.0, cpu, clientCpu, others, heap, pressure);
            }
            rows.add(new Row(conCase, system, "heap_used_peak", peakHeap, "MiB"));
            rows.add(new Row(conCase, system, "heap_live", heapUsedMiB(server, true), "MiB"));
        } finally {
            conns.forEach(Disposable::dispose);
        }
    }

    private static final byte[] CHANNEL_MESSAGE = "{\"type\":\"channel_message\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONFIRMED = "{\"type\":\"subscription_confirmed\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] T_FIELD = "\"t\":".getBytes(StandardCharsets.US_ASCII);

    private static boolean startsWith(ByteBuf b, byte[] prefix) {
        int r = b.readerIndex();
        if (b.readableBytes() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.getByte(r + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The {@code "t":<nanos>} of the payload, read from the frame's bytes (no String); -1 if absent. */
    private static long sentNanos(ByteBuf b) {
        int end = b.writerIndex() - T_FIELD.length;
        outer:
        for (int i = b.readerIndex() + CHANNEL_MESSAGE.length; i <= end; i++) {
            for (int j = 0; j < T_FIELD.length; j++) {
                if (b.getByte(i + j) != T_FIELD[j]) {
                    continue outer;
                }
            }
            long v = 0;
            int k = i + T_FIELD.length;
            boolean digits = false;
            for (; k < b.writerIndex(); k++) {
                byte c = b.getByte(k);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                digits = true;
            }
            return digits ? v : -1;
        }
        return -1;
    }

    /**
     * Linux PSI: microseconds in which some runnable task waited for a CPU ({@code some total}
     * of {@code /proc/pressure/cpu}), -1 where unavailable. The bench shares the machine with
     * its own load client and with anything else running; this says how contended it was.
     */
    private static long cpuStallMicros() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/pressure/cpu"))) {
                if (line.startsWith("some ")) {
                    return Long.parseLong(line.substring(line.indexOf("total=") + 6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no PSI
        }
        return -1;
    }

    /** CPU time all processors spent busy (Linux {@code /proc/stat}), -1 where unavailable. */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long ticks = 0;
            for (int i = 1; i < f.length && i <= 7; i++) { // user nice system idle iowait irq softirq
                if (i != 4 && i != 5) { // all but idle and iowait
                    ticks += Long.parseLong(f[i]);
                }
            }
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Waits until deliveries stop arriving (at most 10 s): the next window starts clean. */
    private static void quiesce(LongAdder delivered) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = delivered.sum();
            if (now == last) {
                return;
            }
            last = now;
            LockSupport.parkNanos(300_000_000L);
        }
    }

    /** Publishes at {@code perSecond} for {@code seconds}, each message carrying its send time; returns how many. */
    private long publish(String url, String key, double perSecond, int seconds) {
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        String pad = "x".repeat(16);
        long count = 0;
        for (long next = start; next < end; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String body = "{\"t\":" + System.nanoTime() + ",\"p\":\"" + pad + "\"}";
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (key != null) {
                b.header("Authorization", "Bearer " + key);
            }
            http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding());
            count++;
        }
        return count;
    }

    /** Heap used by a server JVM (jcmd GC.heap_info), after a full GC when {@code live}; NaN if unknown. */
    private static double heapUsedMiB(Process server, boolean live) {
        try {
            String jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd").toString();
            if (live) {
                run(jcmd, String.valueOf(server.pid()), "GC.run");
            }
            String out = run(jcmd, String.valueOf(server.pid()), "GC.heap_info");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("heap\\s+total[^,]*,[^,]*?used (\\d+)K").matcher(out);
            if (!m.find()) {
                m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
                if (!m.find()) {
                    return Double.NaN;
                }
            }
            return Long.parseLong(m.group(1)) / 1024.0;
        } catch (IOException | InterruptedException e) {
            return Double.NaN;
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private void ratios(double[] rates) {
        for (double rate : rates) {
            String kase = String.format(Locale.ROOT, "fanout %d clients @ %.0f/s", clients, rate);
            Double gw = value(kase, "gateway", "p99_latency");
            Double nt = value(kase, "netty", "p99_latency");
            if (gw != null && nt != null && nt > 0) {
                rows.add(new Row(kase, "gateway/netty", "p99_latency_ratio", gw / nt, "x"));
            }
        }
    }

    private Double value(String kase, String system, String metric) {
        return rows.stream().filter(r -> r.kase().equals(kase) && r.system().equals(system) && r.metric().equals(metric))
                .map(Row::value).findFirst().orElse(null);
    }

    private static long cpuNanos(Process p) {
        return cpuNanos(p.toHandle());
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private String json() {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(String.format(Locale.ROOT, "  {\"case\": \"%s\", \"system\": \"%s\", \"metric\": \"%s\", \"value\": %.4f, \"unit\": \"%s\"}%s%n",
                    r.kase(), r.system(), r.metric(), r.value(), r.unit(), i + 1 < rows.size() ? "," : ""));
        }
        return b.append("]\n").toString();
    }

    private String table() {
        StringBuilder b = new StringBuilder("| case | system | metric | value | unit |\n|---|---|---|---:|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s |%n", r.kase(), r.system(), r.metric(), r.value(), r.unit()));
        }
        return b.toString();
    }

    // ---- child processes ----------------------------------------------------------------

    private static String ownJar() {
        String override = System.getProperty("bench.jar");
        if (override != null) {
            return Path.of(override).toAbsolutePath().toString();
        }
        String cp = System.getProperty("java.class.path");
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            if (entry.endsWith("realtime-gateway.jar")) {
                return Path.of(entry).toAbsolutePath().toString();
            }
        }
        Path built = Path.of("realtime-gateway/target/realtime-gateway.jar");
        if (Files.exists(built)) {
            return built.toAbsolutePath().toString();
        }
        throw new IllegalStateException("cannot find realtime-gateway.jar: run with -cp realtime-gateway/target/realtime-gateway.jar");
    }

    private static Process start(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server process exited with " + p.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(200_000_000L);
            }
        }
        throw new IllegalStateException("server did not listen on " + port + " within 90 s");
    }

    private void awaitReady(String url, Process p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server process exited with " + p.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LockSupport.parkNanos(200_000_000L);
        }
        throw new IllegalStateException("server not ready at " + url + " within 120 s");
    }

    private static String awaitFile(Path file) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000_000L);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
