package io.neuroquantum.realtime.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelHistoryTest {

    private static ChannelMessage msg(long seq, long nanos) {
        return new ChannelMessage("c", seq, 0, nanos, new byte[] {'x'});
    }

    @Test
    void keepsTheLastNAndReplaysFromSeq() {
        ChannelHistory h = new ChannelHistory(3, Long.MAX_VALUE);
        for (long s = 1; s <= 5; s++) {
            h.append(msg(s, 0));
        }
        assertThat(h.size()).isEqualTo(3);
        Replay r = h.replayFrom("c", 4, 5, 0);
        assertThat(r.messages()).extracting(ChannelMessage::seq).containsExactly(4L, 5L);
        assertThat(r.hasGap()).isFalse();

        Replay gap = h.replayFrom("c", 1, 5, 0);
        assertThat(gap.messages()).extracting(ChannelMessage::seq).containsExactly(3L, 4L, 5L);
        assertThat(gap.hasGap()).isTrue();
        assertThat(gap.missedFrom()).isEqualTo(1);
        assertThat(gap.missedTo()).isEqualTo(2);
        assertThat(gap.missedCount()).isEqualTo(2);
    }

    @Test
    void fromSeqAheadOrAtTheEndReplaysNothingWithoutGap() {
        ChannelHistory h = new ChannelHistory(3, Long.MAX_VALUE);
        h.append(msg(1, 0));
        assertThat(h.replayFrom("c", 2, 1, 0).messages()).isEmpty();
        assertThat(h.replayFrom("c", 2, 1, 0).hasGap()).isFalse();
        assertThat(h.replayFrom("c", 9, 1, 0).hasGap()).isFalse();
        assertThat(new ChannelHistory(3, 1).replayFrom("c", 0, 0, 0).hasGap()).isFalse();
    }

    @Test
    void expiresByAge() {
        ChannelHistory h = new ChannelHistory(10, 100);
        h.append(msg(1, 0));
        h.append(msg(2, 50));
        h.append(msg(3, 120));
        Replay r = h.replayFrom("c", 1, 3, 140);
        assertThat(r.messages()).extracting(ChannelMessage::seq).containsExactly(2L, 3L);
        assertThat(r.missedFrom()).isEqualTo(1);
        assertThat(r.missedTo()).isEqualTo(1);
        Replay all = h.replayFrom("c", 1, 3, 1000);
        assertThat(all.messages()).isEmpty();
        assertThat(all.missedCount()).isEqualTo(3);
    }

    @Test
    void zeroCapacityKeepsNothing() {
        ChannelHistory h = new ChannelHistory(0, Long.MAX_VALUE);
        h.append(msg(1, 0));
        assertThat(h.replayFrom("c", 1, 1, 0).missedCount()).isEqualTo(1);
    }
}
