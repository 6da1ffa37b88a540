package io.neuroquantum.realtime.config;

import io.neuroquantum.realtime.connection.Gateway;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Graceful drain on shutdown: runs before the web server's own graceful shutdown (higher
 * phase stops first), closes every socket with 1001 and waits up to {@code nq.realtime.drain-timeout}.
 */
final class GatewayDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GatewayDrain.class);

    private final Gateway gateway;
    private final Duration timeout;
    private volatile boolean running;

    GatewayDrain(Gateway gateway, Duration timeout) {
        this.gateway = gateway;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        int open = gateway.stats().connections();
        if (open > 0) {
            log.info("draining {} WebSocket connections (up to {})", open, timeout);
        }
        gateway.drain(timeout.toNanos());
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
