package io.neuroquantum.realtime.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.realtime.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelRouterTest {

    /** Records what it gets; runs its lane inline. */
    static final class Recorder implements Subscriber {
        final List<String> got = new ArrayList<>();

        @Override
        public Executor lane() {
            return Runnable::run;
        }

        @Override
        public synchronized void deliver(ChannelMessage m) {
            got.add(m.channel() + "#" + m.seq());
        }

        @Override
        public synchronized void replay(Replay r) {
            if (r.hasGap()) {
                got.add("gap " + r.missedFrom() + ".." + r.missedTo());
            }
            r.messages().forEach(m -> got.add("replay " + m.channel() + "#" + m.seq()));
        }
    }

    private static ChannelRouter router(int history, int maxChannels) {
        return new ChannelRouter(new ChannelRouter.Settings(history, Long.MAX_VALUE, maxChannels),
                ProtocolCodec::channelMessage, () -> 1_700_000_000_000L, System::nanoTime, e -> { throw new AssertionError(e); });
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void wildcardsAttachToExistingAndLaterChannelsAndOverlapsDeliverOnce() {
        ChannelRouter r = router(10, 100);
        r.publish("sensors.a", json("1")).join();
        Recorder rec = new Recorder();
        r.subscribe(rec, ChannelPattern.parse("sensors.*"), -1);
        r.subscribe(rec, ChannelPattern.parse("sensors.a"), -1);
        r.publish("sensors.a", json("2")).join();
        r.publish("sensors.b", json("3")).join();
        r.publish("sensors.b.deep", json("4")).join();
        r.publish("other", json("5")).join();
        assertThat(rec.got).containsExactly("sensors.a#2", "sensors.b#1");

        r.unsubscribe(rec, ChannelPattern.parse("sensors.*"));
        r.publish("sensors.a", json("6")).join();
        r.publish("sensors.b", json("7")).join();
        assertThat(rec.got).containsExactly("sensors.a#2", "sensors.b#1", "sensors.a#3");
    }

    @Test
    void fromSeqReplaysThenGoesLiveAndReportsGaps() {
        ChannelRouter r = router(3, 100);
        for (int i = 0; i < 5; i++) {
            r.publish("t", json("{\"i\":" + i + "}")).join();
        }
        Recorder rec = new Recorder();
        r.subscribe(rec, ChannelPattern.parse("t"), 1);
        r.publish("t", json("{}")).join();
        assertThat(rec.got).containsExactly("gap 1..2", "replay t#3", "replay t#4", "replay t#5", "t#6");
    }

    @Test
    void framesCarryTheContractFields() {
        ChannelRouter r = router(3, 100);
        ChannelMessage m = r.publish("sensors.t1", json("{\"v\":1.5,\"s\":\"\\u00e9\"}")).join();
        assertThat(new String(m.frame(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"type\":\"channel_message\",\"channel\":\"sensors.t1\",\"seq\":1,\"ts\":\"2023-11-14T22:13:20Z\","
                        + "\"data\":{\"v\":1.5,\"s\":\"\\u00e9\"}}");
    }

    @Test
    void channelLimit() {
        ChannelRouter r = router(3, 2);
        r.publish("a", json("1"));
        r.publish("b", json("1"));
        assertThatThrownBy(() -> r.publish("c", json("1"))).isInstanceOf(ChannelRouter.LimitExceeded.class);
    }

    @Test
    void concurrentPublishersProduceGaplessOrderedSeqs() throws Exception {
        ChannelRouter r = router(10_000, 10);
        Recorder rec = new Recorder();
        r.subscribe(rec, ChannelPattern.parse("x"), -1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    r.publish("x", json("0"));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 4000; i++) {
            expected.add("x#" + i);
        }
        synchronized (rec) {
            assertThat(rec.got).isEqualTo(expected);
        }
        assertThat(r.find("x").lastSeq()).isEqualTo(4000);
    }
}
