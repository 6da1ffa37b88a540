package io.neuroquantum.realtime.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.neuroquantum.realtime.connection.CloseReason;
import io.neuroquantum.realtime.connection.Gateway;
import io.neuroquantum.realtime.connection.GatewayMetrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link GatewayMetrics} on Micrometer ({@code nq_realtime_*} in Prometheus). Counters are
 * created up front or cached, so the hot paths only increment. Gauges read one
 * {@link Gateway.Stats} snapshot, refreshed at most once a second (it walks every connection).
 */
public final class MicrometerGatewayMetrics implements GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter opened;
    private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);
    private final Counter messagesIn;
    private final Counter bytesIn;
    private final Counter messagesOut;
    private final Counter bytesOut;
    private final Counter published;
    private final Counter dropped;
    private final Counter droppedBytes;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private volatile Gateway.Stats stats;
    private volatile long statsAtNanos;

    public MicrometerGatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        opened = Counter.builder("nq.realtime.connections.opened").description("WebSocket connections accepted").register(registry);
        for (CloseReason r : CloseReason.values()) {
            closed.put(r, Counter.builder("nq.realtime.connections.closed").tag("reason", r.tag())
                    .description("WebSocket connections closed, by reason").register(registry));
        }
        messagesIn = Counter.builder("nq.realtime.messages.in").description("frames received from clients").register(registry);
        bytesIn = Counter.builder("nq.realtime.bytes.in").baseUnit("bytes").register(registry);
        messagesOut = Counter.builder("nq.realtime.messages.out").description("frames written to clients").register(registry);
        bytesOut = Counter.builder("nq.realtime.bytes.out").baseUnit("bytes").register(registry);
        published = Counter.builder("nq.realtime.published").description("channel messages published").register(registry);
        dropped = Counter.builder("nq.realtime.dropped").description("channel messages dropped for slow consumers").register(registry);
        droppedBytes = Counter.builder("nq.realtime.dropped.bytes").baseUnit("bytes").register(registry);
    }

    /** Registers the gauges that read the gateway's state. */
    public void bind(Gateway gateway) {
        Supplier<Gateway.Stats> s = () -> snapshot(gateway);
        Gauge.builder("nq.realtime.connections", () -> s.get().connections()).description("open WebSocket connections").register(registry);
        Gauge.builder("nq.realtime.connections.authenticated", () -> s.get().authenticated()).register(registry);
        Gauge.builder("nq.realtime.channels", () -> s.get().channels()).register(registry);
        Gauge.builder("nq.realtime.outbound.queued", () -> s.get().queuedMessages())
                .description("channel messages waiting in outbound queues, all connections").register(registry);
        Gauge.builder("nq.realtime.outbound.queued.bytes", () -> s.get().queuedBytes()).baseUnit("bytes").register(registry);
        Gauge.builder("nq.realtime.outbound.queued.max", () -> s.get().maxQueuedMessages())
                .description("fullest outbound queue of one connection").register(registry);
    }

    Gateway.Stats snapshot(Gateway gateway) {
        long now = System.nanoTime();
        Gateway.Stats current = stats;
        if (current == null || now - statsAtNanos > 1_000_000_000L) {
            current = gateway.stats();
            stats = current;
            statsAtNanos = now;
        }
        return current;
    }

    /** Totals for the dashboard. */
    public Map<String, Double> totals() {
        return Map.of("messages_in", messagesIn.count(), "messages_out", messagesOut.count(),
                "bytes_in", bytesIn.count(), "bytes_out", bytesOut.count(), "published", published.count(),
                "dropped", dropped.count(), "connections_opened", opened.count());
    }

    @Override
    public void connectionOpened() {
        opened.increment();
    }

    @Override
    public void connectionClosed(CloseReason reason) {
        closed.get(reason).increment();
    }

    @Override
    public void messageIn(int bytes) {
        messagesIn.increment();
        bytesIn.increment(bytes);
    }

    @Override
    public void messageOut(int bytes) {
        messagesOut.increment();
        bytesOut.increment(bytes);
    }

    @Override
    public void published(String channel) {
        published.increment();
    }

    @Override
    public void dropped(String channel, int bytes) {
        dropped.increment();
        droppedBytes.increment(bytes);
    }

    @Override
    public void error(String code) {
        errors.computeIfAbsent(code, c -> Counter.builder("nq.realtime.errors").tag("code", c)
                .description("error messages sent to clients, by code").register(registry)).increment();
    }
}
