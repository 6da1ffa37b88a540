package io.neuroquantum.realtime.web;

import io.neuroquantum.platform.auth.KeyPrincipal;
import io.neuroquantum.platform.problem.ApiProblem;
import io.neuroquantum.realtime.channel.Channel;
import io.neuroquantum.realtime.channel.ChannelRouter;
import io.neuroquantum.realtime.config.MicrometerGatewayMetrics;
import io.neuroquantum.realtime.connection.Gateway;
import io.neuroquantum.realtime.protocol.ErrorCodes;
import io.neuroquantum.realtime.protocol.ProtocolCodec;
import io.neuroquantum.realtime.protocol.ProtocolException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Channels over REST: publish ({@code POST /api/v1/channels/{name}/messages}, the JSON body
 * becomes {@code data}), list channels, and the gateway's live numbers for the dashboard.
 */
@RestController
@RequestMapping("/api/v1")
public class ChannelController {

    private final Gateway gateway;
    private final MicrometerGatewayMetrics metrics;

    public ChannelController(Gateway gateway, MicrometerGatewayMetrics metrics) {
        this.gateway = gateway;
        this.metrics = metrics;
    }

    @PostMapping("/channels/{name}/messages")
    @PreAuthorize("hasRole('WRITE')")
    public Mono<ResponseEntity<Map<String, Object>>> publish(@PathVariable String name, @RequestBody byte[] body,
                                                             @AuthenticationPrincipal KeyPrincipal principal) {
        byte[] data;
        try {
            data = ProtocolCodec.normaliseData(body);
            return Mono.fromFuture(gateway.publish(principal, name, data)).map(m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("channel", m.channel());
                out.put("seq", m.seq());
                out.put("ts", Instant.ofEpochMilli(m.epochMillis()).toString());
                return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
            });
        } catch (ProtocolException e) {
            return Mono.error(switch (e.code()) {
                case ErrorCodes.FORBIDDEN -> new ApiProblem(403, "forbidden", "Forbidden", e.getMessage());
                default -> ApiProblem.badRequest(e.getMessage());
            });
        } catch (ChannelRouter.LimitExceeded e) {
            return Mono.error(new ApiProblem(429, "limit-exceeded", "Too Many Requests", e.getMessage()));
        }
    }

    @GetMapping("/channels")
    public List<Map<String, Object>> channels() {
        return gateway.router().channels().stream()
                .sorted(Comparator.comparing(Channel::name))
                .limit(1000)
                .map(c -> Map.<String, Object>of("name", c.name(), "last_seq", c.lastSeq(), "subscribers", c.subscriberCount()))
                .toList();
    }

    @GetMapping("/realtime/stats")
    public Map<String, Object> stats() {
        Gateway.Stats s = gateway.stats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connections", s.connections());
        out.put("authenticated", s.authenticated());
        out.put("channels", s.channels());
        out.put("queued_messages", s.queuedMessages());
        out.put("queued_bytes", s.queuedBytes());
        out.put("max_queued_messages", s.maxQueuedMessages());
        out.put("draining", s.draining());
        out.putAll(metrics.totals());
        return out;
    }
}
