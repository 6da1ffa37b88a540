package io.neuroquantum.realtime.connection;

import io.neuroquantum.realtime.flow.OutboundQueue;

/**
 * Limits and timings of the gateway, in the core's units (nanoseconds, bytes). The config
 * layer builds it from {@code nq.realtime.*}; see docs/realtime.md for the defaults.
 *
 * @param maxConnections             open sockets at once; more are closed with 1013
 * @param maxConnectionsPerKey       authenticated sockets per API key; more are closed with 1008
 * @param maxSubscriptions           subscriptions per connection
 * @param maxMessageBytes            largest client frame served; larger ones get an error
 * @param messagesPerSecond          sustained client frames per second (token bucket rate)
 * @param burst                      token bucket size
 * @param maxRateViolations          frames over the rate in a row before the socket is closed
 * @param authGraceNanos             time to authenticate after connecting
 * @param pingIntervalNanos          how often the server pings
 * @param pingTimeoutNanos           silence after which a peer is dead
 * @param closeTimeoutNanos          how long a close handshake may take before the socket is cut
 * @param slowConsumerNanos          sustained overflow after which a slow consumer is disconnected
 * @param queue                      the per-connection outbound queue
 */
public record GatewayLimits(int maxConnections, int maxConnectionsPerKey, int maxSubscriptions, int maxMessageBytes,
                            double messagesPerSecond, int burst, int maxRateViolations,
                            long authGraceNanos, long pingIntervalNanos, long pingTimeoutNanos, long closeTimeoutNanos,
                            long slowConsumerNanos, OutboundQueue.Limits queue) {

    /** How often {@link Gateway#tick()} should run for these timings. */
    public long tickNanos() {
        long t = Math.min(Math.min(authGraceNanos, pingIntervalNanos), Math.min(closeTimeoutNanos, slowConsumerNanos)) / 4;
        return Math.clamp(t, 10_000_000L, 1_000_000_000L);
    }
}
