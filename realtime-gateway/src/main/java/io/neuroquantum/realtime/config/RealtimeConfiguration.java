package io.neuroquantum.realtime.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.neuroquantum.platform.auth.KeyVerifier;
import io.neuroquantum.realtime.channel.ChannelRouter;
import io.neuroquantum.realtime.connection.ChannelAccess;
import io.neuroquantum.realtime.connection.Gateway;
import io.neuroquantum.realtime.connection.GatewayLimits;
import io.neuroquantum.realtime.flow.OutboundQueue;
import io.neuroquantum.realtime.protocol.ProtocolCodec;
import io.neuroquantum.realtime.web.GatewayWebSocketHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import io.neuroquantum.platform.auth.KeyRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/** Wires the plain-Java gateway core to Spring: settings, metrics, the ticker and {@code /ws}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RealtimeProperties.class)
public class RealtimeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RealtimeConfiguration.class);

    @Bean
    MicrometerGatewayMetrics gatewayMetrics(MeterRegistry registry) {
        return new MicrometerGatewayMetrics(registry);
    }

    @Bean
    Gateway gateway(RealtimeProperties p, KeyVerifier verifier, MicrometerGatewayMetrics metrics) {
        ChannelRouter router = new ChannelRouter(
                new ChannelRouter.Settings(p.history().size(), p.history().ttl().toNanos(), p.maxChannels()),
                ProtocolCodec::channelMessage, System::currentTimeMillis, System::nanoTime,
                e -> log.error("channel task failed", e));
        Map<String, ChannelAccess.Grant> grants = new HashMap<>();
        p.acl().forEach((key, g) -> grants.put(key, new ChannelAccess.Grant(g.read(), g.write())));
        Gateway gateway = new Gateway(limits(p), router, verifier, new ChannelAccess(grants), metrics, System::nanoTime);
        metrics.bind(gateway);
        return gateway;
    }

    static GatewayLimits limits(RealtimeProperties p) {
        RealtimeProperties.Outbound o = p.outbound();
        return new GatewayLimits(p.maxConnections(), p.maxConnectionsPerKey(), p.maxSubscriptionsPerConnection(),
                (int) p.maxMessageSize().toBytes(), p.messagesPerSecond(), p.burst(), p.maxRateViolations(),
                p.authGrace().toNanos(), p.pingInterval().toNanos(), p.pingTimeout().toNanos(), p.closeTimeout().toNanos(),
                o.slowConsumerTimeout().toNanos(),
                new OutboundQueue.Limits(o.maxMessages(), o.maxBytes().toBytes(), o.maxLag().toNanos(), o.maxControl()));
    }

    /** One thread runs {@link Gateway#tick()}: heartbeats and timeouts of every connection. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService gatewayTicker(Gateway gateway) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nq-realtime-ticker");
            t.setDaemon(true);
            return t;
        });
        long period = gateway.limits().tickNanos();
        ticker.scheduleAtFixedRate(() -> {
            try {
                gateway.tick();
            } catch (RuntimeException e) {
                log.error("gateway tick failed", e);
            }
        }, period, period, TimeUnit.NANOSECONDS);
        return ticker;
    }

    @Bean
    HandlerMapping webSocketMapping(GatewayWebSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of("/ws", handler), -1);
    }

    /**
     * The service's key verifier plus the one-time warm-up key. Primary, so the security chain
     * and the gateway use it; it delegates to the platform's verifier: the key registry in
     * local mode, {@code remoteKeyVerifier} otherwise.
     */
    @Bean
    @Primary
    WarmUpKeyVerifier warmUpKeyVerifier(ObjectProvider<KeyRegistry> local,
                                        @Qualifier("remoteKeyVerifier") ObjectProvider<KeyVerifier> remote) {
        KeyVerifier delegate = local.getIfAvailable();
        return new WarmUpKeyVerifier(delegate != null ? delegate : remote.getObject());
    }

    /** See {@link GatewayWarmUp} and docs/realtime.md ("Warm-up"). */
    @Bean
    GatewayWarmUp gatewayWarmUp(Gateway gateway, WarmUpKeyVerifier keys, ApplicationContext context,
                                @Value("${nq.realtime.warm-up.connections:8}") int connections,
                                @Value("${nq.realtime.warm-up.messages:250}") int messages) {
        return new GatewayWarmUp(gateway, keys, context, connections, messages);
    }

    @Bean
    GatewayDrain gatewayDrain(Gateway gateway, RealtimeProperties p) {
        return new GatewayDrain(gateway, p.drainTimeout());
    }
}
