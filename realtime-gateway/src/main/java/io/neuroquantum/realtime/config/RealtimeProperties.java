package io.neuroquantum.realtime.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the realtime gateway, under {@code nq.realtime}. docs/realtime.md explains each.
 *
 * @param maxConnections                   open sockets at once
 * @param maxConnectionsPerKey             authenticated sockets per API key
 * @param maxSubscriptionsPerConnection    subscriptions one socket may hold
 * @param maxMessageSize                   largest client message served (larger: an error reply)
 * @param maxFrameSize                     largest frame read at all (larger: close 1009)
 * @param messagesPerSecond                client messages per second per socket (token bucket rate)
 * @param burst                            token bucket size
 * @param maxRateViolations                messages over the rate in a row before the socket is closed
 * @param authGrace                        time to authenticate after connecting
 * @param pingInterval                     how often the server pings
 * @param pingTimeout                      silence after which a peer counts as dead
 * @param closeTimeout                     how long a close handshake may take before the socket is cut
 * @param drainTimeout                     how long shutdown waits for sockets to close
 * @param outbound                         the per-socket outbound queue
 * @param history                          channel history
 * @param maxChannels                      channels that may exist
 * @param acl                              per-key channel prefixes, by key id or key name
 */
@ConfigurationProperties("nq.realtime")
public record RealtimeProperties(
        @DefaultValue("20000") int maxConnections,
        @DefaultValue("10000") int maxConnectionsPerKey,
        @DefaultValue("256") int maxSubscriptionsPerConnection,
        @DefaultValue("64KB") DataSize maxMessageSize,
        @DefaultValue("1MB") DataSize maxFrameSize,
        @DefaultValue("100") double messagesPerSecond,
        @DefaultValue("200") int burst,
        @DefaultValue("100") int maxRateViolations,
        @DefaultValue("5s") Duration authGrace,
        @DefaultValue("20s") Duration pingInterval,
        @DefaultValue("60s") Duration pingTimeout,
        @DefaultValue("5s") Duration closeTimeout,
        @DefaultValue("10s") Duration drainTimeout,
        @DefaultValue Outbound outbound,
        @DefaultValue History history,
        @DefaultValue("100000") int maxChannels,
        Map<String, Grant> acl) {

    public RealtimeProperties {
        acl = acl == null ? Map.of() : Map.copyOf(acl);
    }

    /**
     * @param maxMessages          channel messages queued per socket before drop-oldest
     * @param maxBytes             bytes queued per socket before drop-oldest
     * @param maxLag               a queued message older than this is dropped (bounded latency)
     * @param maxControl           control frames (replies, errors) queued per socket; more closes it (4002)
     * @param slowConsumerTimeout  sustained overflow after which the socket is closed (4001)
     */
    public record Outbound(@DefaultValue("1024") int maxMessages,
                           @DefaultValue("4MB") DataSize maxBytes,
                           @DefaultValue("2s") Duration maxLag,
                           @DefaultValue("1024") int maxControl,
                           @DefaultValue("10s") Duration slowConsumerTimeout) {
    }

    /**
     * @param size messages kept per channel for {@code from_seq} replays
     * @param ttl  the longest a message is kept
     */
    public record History(@DefaultValue("1000") int size, @DefaultValue("5m") Duration ttl) {
    }

    /** Channel-name prefixes a key may subscribe to ({@code read}) and publish on ({@code write}). */
    public record Grant(List<String> read, List<String> write) {
        public Grant {
            read = read == null ? List.of() : List.copyOf(read);
            write = write == null ? List.of() : List.copyOf(write);
        }
    }
}
