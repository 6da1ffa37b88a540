package io.neuroquantum.realtime.bench;

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
                default -> throw new IllegalArgumentException("usage: RealtimeBenchMain [--quick] [--out DIR]");
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
        double[] rates = quick ? new double[] {10_000, 25_000, 50_000} : new double[] {10_000, 25_000, 50_000, 80_000};
        String jar = ownJar();
        Path data = Files.createTempDirectory("nq-bench-realtime");

        int nettyPort = freePort();
        Process netty = start(List.of("-Xmx1g", "-cp", jar, "-Dloader.main=" + NettyBroadcastServer.class.getName(),
                "org.springframework.boot.loader.launch.PropertiesLauncher", String.valueOf(nettyPort)), data.resolve("netty.log"));
        try {
            awaitPort(nettyPort, netty);
            measure("netty", "ws://127.0.0.1:" + nettyPort + "/ws", "http://127.0.0.1:" + nettyPort + "/publish", null, rates, netty);
        } finally {
            stop(netty);
        }

        int gwPort = freePort();
        Process gateway = start(List.of("-Xmx1g", "-jar", jar, "--server.port=" + gwPort, "--nq.auth.mode=local",
                "--nq.data-dir=" + data.resolve("gw"), "--nq.realtime.max-connections-per-key=" + (clients + 100),
                "--nq.realtime.max-connections=" + (clients + 100), "--logging.file.name=" + data.resolve("gw.log")),
                data.resolve("gateway.out"));
        try {
            awaitPort(gwPort, gateway);
            String key = awaitFile(data.resolve("gw").resolve("admin.key"));
            measure("gateway", "ws://127.0.0.1:" + gwPort + "/ws?access_token=" + key,
                    "http://127.0.0.1:" + gwPort + "/api/v1/channels/bench/messages", key, rates, gateway);
            heap(gwPort);
        } finally {
            stop(gateway);
        }
        ratios(rates);
    }

    private void measure(String system, String wsUrl, String publishUrl, String key, double[] rates, Process server) {
        LongAdder delivered = new LongAdder();
        AtomicInteger confirmed = new AtomicInteger();
        Recorder latency = new Recorder(3);
        reactor.netty.http.client.HttpClient.WebsocketSender client = reactor.netty.http.client.HttpClient.newConnection()
                .responseTimeout(Duration.ofSeconds(60))
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build());
        long t0 = System.nanoTime();
        List<Disposable> conns = new ArrayList<>();
        Flux<Void> one = client.uri(wsUrl).handle((in, out) -> {
            Mono<Void> sub = out.sendString(Mono.just("{\"type\":\"subscribe\",\"channel\":\"bench\"}")).then();
            Mono<Void> recv = in.receiveFrames().doOnNext(f -> {
                if (!(f instanceof TextWebSocketFrame t)) {
                    return;
                }
                String s = t.text();
                if (s.startsWith("{\"type\":\"channel_message\"")) {
                    int at = s.indexOf("\"t\":");
                    if (at > 0) {
                        int end = at + 4;
                        while (end < s.length() && Character.isDigit(s.charAt(end))) {
                            end++;
                        }
                        long sent = Long.parseLong(s, at + 4, end, 10);
                        latency.recordValue(Math.max(0, System.nanoTime() - sent) / 1000);
                    }
                    delivered.increment();
                } else if (s.startsWith("{\"type\":\"subscription_confirmed\"")) {
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
            System.out.printf(Locale.ROOT, "%s: %d/%d subscribed in %.1f s%n", system, confirmed.get(), clients, connectS);
            int n = confirmed.get();
            for (double rate : rates) {
                double publishPerS = rate / Math.max(1, n);
                String kase = String.format(Locale.ROOT, "fanout %d clients @ %.0f/s", clients, rate);
                publish(publishUrl, key, publishPerS, quick ? 3 : 5); // warm-up
                latency.reset();
                long d0 = delivered.sum();
                long cpu0 = cpuNanos(server);
                long w0 = System.nanoTime();
                int window = quick ? 5 : 10;
                publish(publishUrl, key, publishPerS, window);
                long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < settle) {
                    LockSupport.parkNanos(50_000_000L);
                }
                double wall = (System.nanoTime() - w0) / 1e9;
                double cpu = (cpuNanos(server) - cpu0) / 1e9 / wall * 100;
                Histogram h = latency.getIntervalHistogram();
                double deliveredPerS = (delivered.sum() - d0) / (double) window; // all published in the window
                rows.add(new Row(kase, system, "delivered_per_s", deliveredPerS, "msg/s"));
                rows.add(new Row(kase, system, "p50_latency", h.getValueAtPercentile(50) / 1000.0, "ms"));
                rows.add(new Row(kase, system, "p99_latency", h.getValueAtPercentile(99) / 1000.0, "ms"));
                rows.add(new Row(kase, system, "p999_latency", h.getValueAtPercentile(99.9) / 1000.0, "ms"));
                rows.add(new Row(kase, system, "server_cpu", cpu, "%"));
                System.out.printf(Locale.ROOT, "%s %s: %.0f delivered/s, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, server cpu %.0f%%%n",
                        system, kase, deliveredPerS, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                        h.getValueAtPercentile(99.9) / 1000.0, cpu);
            }
        } finally {
            conns.forEach(Disposable::dispose);
        }
    }

    /** Publishes at {@code perSecond} for {@code seconds}, each message carrying its send time. */
    private void publish(String url, String key, double perSecond, int seconds) {
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        String pad = "x".repeat(16);
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
        }
    }

    private void heap(int port) {
        try {
            String prom = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double heap = 0;
            for (String line : prom.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            rows.add(new Row("connect " + clients, "gateway", "heap_used", heap / (1 << 20), "MiB"));
        } catch (Exception e) {
            System.err.println("could not read the gateway's heap: " + e.getMessage());
        }
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

    private static String awaitFile(Path file) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000_000L);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
