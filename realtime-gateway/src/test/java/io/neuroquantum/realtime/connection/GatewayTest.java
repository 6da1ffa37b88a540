package io.neuroquantum.realtime.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.platform.auth.KeyPrincipal;
import io.neuroquantum.platform.auth.Role;
import io.neuroquantum.platform.auth.Verification;
import io.neuroquantum.realtime.channel.ChannelRouter;
import io.neuroquantum.realtime.flow.OutboundQueue;
import io.neuroquantum.realtime.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The gateway core with an in-memory transport and a fake clock: timeouts, limits, drain. */
class GatewayTest {

    private static final long MS = 1_000_000L;

    static final class FakeTransport implements Transport {
        final Connection[] conn = new Connection[1];
        boolean aborted;

        @Override
        public Executor lane() {
            return Runnable::run;
        }

        @Override
        public void wake() {
        }

        @Override
        public void abort() {
            aborted = true;
        }

        List<Object> drain() {
            List<Object> out = new ArrayList<>();
            for (Object o; (o = conn[0].queue().poll(0)) != null; ) {
                out.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o);
            }
            return out;
        }
    }

    private final AtomicLong now = new AtomicLong(1_000 * MS);

    private Gateway gateway(int perKey, int maxQueue) {
        GatewayLimits limits = new GatewayLimits(10, perKey, 8, 1024, 100, 10, 5,
                500 * MS, 100 * MS, 300 * MS, 200 * MS, 1_000 * MS, new OutboundQueue.Limits(maxQueue, 1 << 20, Long.MAX_VALUE, 64));
        ChannelRouter router = new ChannelRouter(new ChannelRouter.Settings(10, Long.MAX_VALUE, 100),
                ProtocolCodec::channelMessage, () -> 0L, now::get, e -> { throw new AssertionError(e); });
        return new Gateway(limits, router, secret -> CompletableFuture.completedFuture(secret.equals("good")
                ? new Verification.Accepted(new KeyPrincipal("k1", "test", Set.of(Role.READ, Role.WRITE)))
                : new Verification.Rejected("unknown key")), ChannelAccess.OPEN, GatewayMetrics.NONE, now::get);
    }

    private static FakeTransport open(Gateway g, String token) {
        FakeTransport t = new FakeTransport();
        t.conn[0] = g.open(t, token);
        return t;
    }

    private static void text(Gateway g, FakeTransport t, String json) {
        g.onText(t.conn[0], json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authGraceHeartbeatAndCloseTimeout() {
        Gateway g = gateway(10, 16);
        FakeTransport late = open(g, null);
        FakeTransport quiet = open(g, "good");
        now.addAndGet(150 * MS);
        g.tick();
        assertThat(quiet.drain()).hasSize(2).last().isEqualTo(Heartbeat.PING); // authenticated, then a ping
        now.addAndGet(400 * MS);
        g.tick();
        assertThat(late.conn[0].closeReason()).isEqualTo(CloseReason.AUTH_TIMEOUT);
        assertThat(quiet.conn[0].closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
        assertThat(quiet.drain()).last().isEqualTo(new CloseRequest(4000, CloseReason.HEARTBEAT_TIMEOUT.text()));
        now.addAndGet(300 * MS);
        g.tick();
        assertThat(quiet.aborted).isTrue();
        g.closed(quiet.conn[0]);
        g.closed(late.conn[0]);
        assertThat(g.stats().connections()).isZero();
    }

    @Test
    void connectionsPerKeyAreLimited() {
        Gateway g = gateway(2, 16);
        FakeTransport a = open(g, "good");
        FakeTransport b = open(g, "good");
        FakeTransport c = open(g, "good");
        assertThat(a.conn[0].state()).isEqualTo(Connection.State.OPEN);
        assertThat(b.conn[0].state()).isEqualTo(Connection.State.OPEN);
        assertThat(c.conn[0].closeReason()).isEqualTo(CloseReason.KEY_CONNECTION_LIMIT);
        g.closed(c.conn[0]);
        g.closed(a.conn[0]);
        assertThat(open(g, "good").conn[0].state()).isEqualTo(Connection.State.OPEN);
    }

    @Test
    void sustainedOverflowDisconnectsTheSlowConsumer() {
        Gateway g = gateway(10, 4);
        FakeTransport t = open(g, "good");
        text(g, t, "{\"type\":\"subscribe\",\"channel\":\"c\"}");
        for (int i = 0; i < 10; i++) {
            g.router().publish("c", "1".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(t.conn[0].queue().dataSize()).isEqualTo(4);
        now.addAndGet(1_100 * MS);
        text(g, t, "{\"type\":\"pong\"}"); // alive, but not reading
        g.tick();
        assertThat(t.conn[0].closeReason()).isEqualTo(CloseReason.SLOW_CONSUMER);
    }

    @Test
    void drainClosesWith1001AndCutsWhatDoesNotClose() {
        Gateway g = gateway(10, 16);
        FakeTransport t = open(g, "good");
        int cut = g.drain(20 * MS);
        assertThat(cut).isEqualTo(1);
        assertThat(t.aborted).isTrue();
        assertThat(t.drain()).last().isEqualTo(new CloseRequest(1001, "server shutting down"));
        FakeTransport after = open(g, "good");
        assertThat(after.conn[0].closeReason()).isEqualTo(CloseReason.SHUTDOWN);
    }
}
