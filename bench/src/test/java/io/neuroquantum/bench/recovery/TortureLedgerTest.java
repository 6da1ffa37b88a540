package io.neuroquantum.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TortureLedgerTest {

    private static final String K1 = TortureValues.key(0, 1);
    private static final String K2 = TortureValues.key(0, 2);
    private static final String K3 = TortureValues.key(1, 3);

    private static byte[] v(String writeTag, String key) {
        return TortureValues.value(writeTag, key);
    }

    private static TortureLedger ledger(String... lines) {
        TortureLedger l = new TortureLedger();
        for (String line : lines) {
            l.accept(line);
        }
        return l;
    }

    @Test
    void acknowledgedWritesThatSurviveAreClean() {
        TortureLedger l = ledger("@READY 0", "@C e1t0n0 +" + K1 + ".0 +" + K2 + ".0", "@A e1t0n0",
                "@C e1t0n1 -" + K2 + ".0", "@A e1t0n1");
        Map<String, byte[]> found = new TreeMap<>(Map.of(K1, v("e1t0n0.0", K1)));
        TortureLedger.Verdict verdict = l.verify(found);
        assertThat(verdict.clean()).isTrue();
        assertThat(verdict.problems()).isEmpty();
        assertThat(l.acknowledged()).isEqualTo(2);
        assertThat(l.ready()).isTrue();
    }

    @Test
    void aMissingAcknowledgedWriteIsALostCommitCountedOncePerTransaction() {
        TortureLedger l = ledger("@C e1t0n0 +" + K1 + ".0 +" + K2 + ".1", "@A e1t0n0");
        TortureLedger.Verdict verdict = l.verify(Map.of());
        assertThat(verdict.lostCommits()).isEqualTo(1);
        assertThat(verdict.phantomChanges()).isZero();
        assertThat(verdict.problems()).hasSize(2);
    }

    @Test
    void anOlderAcknowledgedValueInPlaceOfTheLatestIsALostCommit() {
        TortureLedger l = ledger("@C e1t0n0 +" + K1 + ".0", "@A e1t0n0", "@C e1t0n1 +" + K1 + ".0", "@A e1t0n1");
        TortureLedger.Verdict verdict = l.verify(Map.of(K1, v("e1t0n0.0", K1)));
        assertThat(verdict.lostCommits()).isEqualTo(1);
        assertThat(verdict.phantomChanges()).isZero();
    }

    @Test
    void aDeleteThatDidNotSurviveIsALostCommit() {
        TortureLedger l = ledger("@C e1t0n0 +" + K1 + ".0", "@A e1t0n0", "@C e1t0n1 -" + K1 + ".0", "@A e1t0n1");
        assertThat(l.verify(Map.of(K1, v("e1t0n0.0", K1))).lostCommits()).isEqualTo(1);
    }

    @Test
    void valuesOfRolledBackOrNeverCommittedTransactionsArePhantoms() {
        TortureLedger l = ledger("@C e1t0n0 +" + K1 + ".0", "@A e1t0n0", "@R e1t0n1");
        TortureLedger.Verdict verdict = l.verify(Map.of(K1, v("e1t0n1.0", K1), K2, v("e1t0n1.0", K2)));
        assertThat(verdict.phantomChanges()).isEqualTo(2);
        assertThat(verdict.lostCommits()).isEqualTo(1);
    }

    @Test
    void aWriteUndoneByRollbackToIsAPhantomEvenIfItsTransactionCommitted() {
        // generation 0 of K2 was rolled back to a savepoint; the commit carries K1 of generation 1 only
        TortureLedger l = ledger("@C e1t0n0 +" + K1 + ".1", "@A e1t0n0");
        TortureLedger.Verdict verdict = l.verify(Map.of(K1, v("e1t0n0.1", K1), K2, v("e1t0n0.0", K2)));
        assertThat(verdict.phantomChanges()).isEqualTo(1);
        assertThat(verdict.lostCommits()).isZero();
    }

    @Test
    void anInFlightCommitMayBeDurableOrNotButNotHalfOfIt() {
        String[] lines = {"@C e1t0n0 +" + K1 + ".0", "@A e1t0n0", "@C e1t0n1 +" + K1 + ".0 +" + K2 + ".0"};
        Map<String, byte[]> absent = Map.of(K1, v("e1t0n0.0", K1));
        Map<String, byte[]> applied = Map.of(K1, v("e1t0n1.0", K1), K2, v("e1t0n1.0", K2));
        Map<String, byte[]> torn = Map.of(K1, v("e1t0n1.0", K1));
        TortureLedger.Verdict notDurable = ledger(lines).verify(absent);
        assertThat(notDurable.clean()).isTrue();
        assertThat(notDurable.inFlight()).isEqualTo(1);
        assertThat(notDurable.inFlightDurable()).isZero();
        TortureLedger.Verdict durable = ledger(lines).verify(applied);
        assertThat(durable.clean()).isTrue();
        assertThat(durable.inFlightDurable()).isEqualTo(1);
        TortureLedger.Verdict half = ledger(lines).verify(torn);
        assertThat(half.tornTransactions()).isEqualTo(1);
        assertThat(half.clean()).isFalse();
    }

    @Test
    void corruptBytesAreCaught() {
        TortureLedger l = ledger("@C e1t0n0 +" + K1 + ".0", "@A e1t0n0");
        byte[] bad = v("e1t0n0.0", K1);
        bad[bad.length - 1] ^= 1;
        TortureLedger.Verdict verdict = l.verify(Map.of(K1, bad));
        assertThat(verdict.corruptValues()).isEqualTo(1);
        assertThat(verdict.clean()).isFalse();
        // a value stored under the wrong key names another key: corrupt too
        assertThat(l.verify(Map.of(K1, v("e1t0n0.0", K3))).corruptValues()).isEqualTo(1);
    }

    @Test
    void adoptTurnsDurableInFlightCommitsIntoTheNextBaseline() {
        TortureLedger l = ledger("@C e1t0n0 +" + K1 + ".0", "@A e1t0n0", "@C e1t0n1 +" + K1 + ".0 +" + K2 + ".0",
                "@C e1t1n0 +" + K3 + ".0");
        Map<String, byte[]> found = Map.of(K1, v("e1t0n1.0", K1), K2, v("e1t0n1.0", K2));
        assertThat(l.verify(found).clean()).isTrue();
        l.adopt(found);
        l.newRun();
        assertThat(l.ready()).isFalse();
        assertThat(l.inFlightCount()).isZero();
        assertThat(l.verify(found).clean()).isTrue();
        // the in-flight K3 that did not make it is forgotten: it is no longer acceptable
        Map<String, byte[]> withK3 = new TreeMap<>(found);
        withK3.put(K3, v("e1t1n0.0", K3));
        assertThat(l.verify(withK3).phantomChanges()).isEqualTo(1);
        // and the next run builds on the adopted state
        l.accept("@C e2t0n0 -" + K1 + ".0");
        l.accept("@A e2t0n0");
        assertThat(l.verify(Map.of(K2, v("e1t0n1.0", K2))).clean()).isTrue();
        assertThat(l.verify(found).lostCommits()).isEqualTo(1);
    }

    @Test
    void protocolViolationsAreRejectedAndOtherOutputIgnored() {
        TortureLedger l = new TortureLedger();
        l.accept("WARNING: something the JVM printed");
        assertThatThrownBy(() -> l.accept("@A e1t0n0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.accept("@C e1t0n0 *" + K1 + ".0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.accept("@X")).isInstanceOf(IllegalArgumentException.class);
        l.accept("@C e1t0n1 +" + K1 + ".0");
        assertThatThrownBy(() -> l.accept("@C e1t0n1 +" + K1 + ".0")).isInstanceOf(IllegalArgumentException.class);
        l.accept("@R e1t0n2 DEADLOCK");
        l.accept("@E thread 0: get(k00-00001) returned nothing");
        assertThat(l.rolledBack()).isEqualTo(1);
        assertThat(l.errors()).containsExactly("thread 0: get(k00-00001) returned nothing");
    }

    @Test
    void valuesNameTheirWriteAndKeyAndVaryInLength() {
        byte[] a = v("e1t0n0.0", K1);
        assertThat(a).isEqualTo(v("e1t0n0.0", K1));
        assertThat(TortureValues.tagOf(a)).isEqualTo("e1t0n0.0");
        assertThat(TortureValues.intact(K1, a)).isTrue();
        assertThat(TortureValues.intact(K2, a)).isFalse();
        assertThat(TortureValues.tagOf(new byte[] {1, 2, 3})).isNull();
        assertThat(TortureLedger.transactionOf("e1t0n0.3")).isEqualTo("e1t0n0");
        int small = 0;
        int large = 0;
        for (int i = 0; i < 2_000; i++) {
            int len = v(TortureValues.writeTag(TortureValues.txTag(1, 0, i), 0), K1).length;
            assertThat(len).isBetween(16, 6_000);
            small += len < 128 ? 1 : 0;
            large += len >= 1_200 ? 1 : 0;
        }
        assertThat(small).isGreaterThan(1_400);
        assertThat(large).isBetween(40, 200);
    }
}
