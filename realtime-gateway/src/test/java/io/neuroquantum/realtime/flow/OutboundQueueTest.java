package io.neuroquantum.realtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.realtime.channel.ChannelMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    private static final long MS = 1_000_000L;
    private final AtomicInteger droppedBytes = new AtomicInteger();

    private OutboundQueue queue(int maxMessages, long maxBytes, long maxLag) {
        return new OutboundQueue(new OutboundQueue.Limits(maxMessages, maxBytes, maxLag, 4), (c, b) -> droppedBytes.addAndGet(b));
    }

    private static ChannelMessage msg(String channel, long seq, long nanos) {
        return new ChannelMessage(channel, seq, 0, nanos, ("m" + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> drain(OutboundQueue q, long now) {
        List<String> out = new ArrayList<>();
        for (Object o; (o = q.poll(now)) != null; ) {
            out.add(switch (o) {
                case ChannelMessage m -> m.channel() + "#" + m.seq();
                case byte[] b -> new String(b, StandardCharsets.UTF_8);
                default -> o.toString();
            });
        }
        return out;
    }

    @Test
    void dropsOldestAndReportsCountPerChannelBeforeTheNextMessage() {
        OutboundQueue q = queue(3, Long.MAX_VALUE, Long.MAX_VALUE);
        for (int i = 1; i <= 5; i++) {
            q.offerData(msg("a", i, 0), 0);
        }
        q.offerData(msg("b", 1, 0), 0);
        assertThat(q.dataSize()).isEqualTo(3);
        assertThat(q.droppedTotal()).isEqualTo(3);
        List<String> out = drain(q, 0);
        assertThat(out.subList(0, 1)).containsExactly("{\"type\":\"dropped\",\"channel\":\"a\",\"count\":3}");
        assertThat(out.subList(1, 4)).containsExactly("a#4", "a#5", "b#1");
        assertThat(q.isEmpty()).isTrue();
        assertThat(droppedBytes.get()).isEqualTo(6);
    }

    @Test
    void byteLimitAlsoDrops() {
        OutboundQueue q = queue(100, 5, Long.MAX_VALUE);
        q.offerData(msg("a", 1, 0), 0);
        q.offerData(msg("a", 2, 0), 0);
        q.offerData(msg("a", 3, 0), 0);
        assertThat(q.dataBytes()).isLessThanOrEqualTo(5);
        assertThat(drain(q, 0)).containsExactly("{\"type\":\"dropped\",\"channel\":\"a\",\"count\":1}", "a#2", "a#3");
    }

    @Test
    void staleMessagesAreDroppedByLag() {
        OutboundQueue q = queue(100, Long.MAX_VALUE, 100 * MS);
        q.offerData(msg("a", 1, 0), 0);
        q.offerData(msg("a", 2, 90 * MS), 90 * MS);
        assertThat(drain(q, 150 * MS)).containsExactly("{\"type\":\"dropped\",\"channel\":\"a\",\"count\":1}", "a#2");
        q.offerReplay(msg("a", 3, 0), 500 * MS); // replayed: lag counts from queueing
        assertThat(drain(q, 550 * MS)).containsExactly("a#3");
    }

    @Test
    void controlBypassesDataAndIsBounded() {
        OutboundQueue q = queue(100, Long.MAX_VALUE, Long.MAX_VALUE);
        q.offerData(msg("a", 1, 0), 0);
        q.offerData(msg("a", 2, 0), 0);
        assertThat(q.offerControl("c1")).isTrue();
        assertThat(drain(q, 0)).containsExactly("c1", "a#1", "a#2");
        for (int i = 0; i < 4; i++) {
            assertThat(q.offerControl("x")).isTrue();
        }
        assertThat(q.offerControl("x")).isFalse();
        q.forceControl("close");
        assertThat(q.controlSize()).isEqualTo(5);
    }

    @Test
    void controlQueuedBeforeDataIsNeverOvertakenByIt() {
        OutboundQueue q = queue(100, Long.MAX_VALUE, Long.MAX_VALUE);
        // The consumer finds the control lane empty, then the producer queues control + data.
        assertThat(q.poll(0)).isNull();
        q.offerControl("confirmed");
        q.offerData(msg("a", 1, 0), 0);
        assertThat(drain(q, 0)).containsExactly("confirmed", "a#1");
    }

    @Test
    void sustainedOverflowIsMeasuredUntilTheQueueEmpties() {
        OutboundQueue q = queue(1, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(q.overflowingForNanos(10)).isZero();
        q.offerData(msg("a", 1, 0), 5);
        q.offerData(msg("a", 2, 0), 5);
        assertThat(q.overflowingForNanos(105)).isEqualTo(100);
        drain(q, 200);
        assertThat(q.overflowingForNanos(300)).isZero();
    }

    @Test
    void concurrentProducersKeepTheBound() throws Exception {
        OutboundQueue q = queue(64, Long.MAX_VALUE, Long.MAX_VALUE);
        Thread[] producers = new Thread[4];
        for (int t = 0; t < producers.length; t++) {
            producers[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    q.offerData(msg("a", i, 0), 0);
                }
            });
        }
        long polled = 0;
        boolean running = true;
        while (running) {
            running = false;
            for (Thread p : producers) {
                running |= p.isAlive();
            }
            for (Object o; (o = q.poll(0)) != null; ) {
                if (o instanceof ChannelMessage) {
                    polled++;
                }
            }
            assertThat(q.dataSize()).isLessThanOrEqualTo(64 + producers.length);
        }
        for (Object o; (o = q.poll(0)) != null; ) {
            if (o instanceof ChannelMessage) {
                polled++;
            }
        }
        assertThat(polled + q.droppedTotal()).isEqualTo(80_000);
        assertThat(q.dataSize()).isZero();
    }
}
