package io.neuroquantum.realtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRate() {
        TokenBucket b = new TokenBucket(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(b.tryAcquire(0)).isTrue();
        }
        assertThat(b.tryAcquire(0)).isFalse();
        assertThat(b.tryAcquire(SECOND / 10 - 1)).isFalse();
        assertThat(b.tryAcquire(SECOND / 10)).isTrue();
        assertThat(b.tryAcquire(SECOND / 10)).isFalse();
    }

    @Test
    void refillIsCappedAtBurst() {
        TokenBucket b = new TokenBucket(100, 3, 0);
        assertThat(b.available(100 * SECOND)).isEqualTo(3.0);
        int taken = 0;
        while (b.tryAcquire(100 * SECOND)) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
    }

    @Test
    void sustainedRateIsTheConfiguredOne() {
        TokenBucket b = new TokenBucket(50, 1, 0);
        b.tryAcquire(0);
        int taken = 0;
        for (long t = 0; t <= 10 * SECOND; t += SECOND / 1000) {
            if (b.tryAcquire(t)) {
                taken++;
            }
        }
        assertThat(taken).isBetween(499, 501);
    }

    @Test
    void timeGoingBackwardsDoesNotMintTokens() {
        TokenBucket b = new TokenBucket(10, 1, SECOND);
        assertThat(b.tryAcquire(SECOND)).isTrue();
        assertThat(b.tryAcquire(0)).isFalse();
    }
}
