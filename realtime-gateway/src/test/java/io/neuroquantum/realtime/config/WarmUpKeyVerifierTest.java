package io.neuroquantum.realtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.platform.auth.Verification;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WarmUpKeyVerifierTest {

    private final WarmUpKeyVerifier keys = new WarmUpKeyVerifier(
            secret -> CompletableFuture.completedFuture(new Verification.Rejected("delegate: " + secret)));

    @Test
    void acceptsOnlyItsOwnKeyAndOnlyUntilRevoked() {
        String secret = keys.secret();
        assertThat(secret).startsWith("nq_");
        assertThat(keys.verify(secret).join()).isEqualTo(new Verification.Accepted(WarmUpKeyVerifier.PRINCIPAL));
        assertThat(keys.verify("nq_other").join()).isInstanceOf(Verification.Rejected.class);

        keys.revoke();
        assertThat(keys.secret()).isNull();
        assertThat(keys.verify(secret).join()).isEqualTo(new Verification.Rejected("delegate: " + secret));
    }

    @Test
    void eachInstanceHasItsOwnKey() {
        assertThat(new WarmUpKeyVerifier(keys).secret()).isNotEqualTo(keys.secret());
    }
}
