package io.neuroquantum.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HarnessTest {

    @Test
    void keyEncodingKeepsNumericOrderAsUnsignedByteOrder() {
        long[] keys = {Long.MIN_VALUE, -5, -1, 0, 1, 255, 256, Long.MAX_VALUE};
        for (int i = 1; i < keys.length; i++) {
            assertThat(Arrays.compareUnsigned(NeuroQuantumTarget.encode(keys[i - 1]), NeuroQuantumTarget.encode(keys[i])))
                    .isNegative();
            assertThat(NeuroQuantumTarget.decode(NeuroQuantumTarget.encode(keys[i]))).isEqualTo(keys[i]);
        }
    }

    @Test
    void valuesNameTheirKeyAndVersionAndCorruptionIsCaught() {
        byte[] v = Values.of(123, 9);
        Values.checkExact("t", 123, 9, v);
        assertThatThrownBy(() -> Values.checkHeader("t", 124, v)).isInstanceOf(BenchFailure.class);
        assertThatThrownBy(() -> Values.checkHeader("t", 1, (byte[]) null)).isInstanceOf(BenchFailure.class);
        v[50] ^= 1;
        assertThatThrownBy(() -> Values.checkFull("t", 123, v)).isInstanceOf(BenchFailure.class);
    }

    @Test
    void wrongAnswersFailLoudly() {
        KvSession wrongValue = new FakeSession() {
            @Override
            public byte[] get(long key) {
                return Values.of(key + 1, 0);
            }
        };
        assertThatThrownBy(() -> Phases.lookups(wrongValue, "t", 100, 10, 1, false))
                .isInstanceOf(BenchFailure.class).hasMessageContaining("naming key");
        KvSession missing = new FakeSession();
        assertThatThrownBy(() -> Phases.lookups(missing, "t", 100, 10, 1, false))
                .isInstanceOf(BenchFailure.class).hasMessageContaining("not found");
        KvSession skipsARow = new FakeSession() {
            @Override
            public int scan(long fromKey, int limit, RowVisitor visitor) {
                for (long k = fromKey; k < fromKey + limit + 1; k++) {
                    if (k != fromKey + 3) {
                        visitor.row(k, Values.of(k, 0));
                    }
                }
                return limit;
            }
        };
        assertThatThrownBy(() -> Phases.scans(skipsARow, "t", 100_000, 3, 10, 1, false))
                .isInstanceOf(BenchFailure.class).hasMessageContaining("was expected");
        KvSession shortScan = new FakeSession() {
            @Override
            public int scan(long fromKey, int limit, RowVisitor visitor) {
                for (long k = fromKey; k < fromKey + limit - 1; k++) {
                    visitor.row(k, Values.of(k, 0));
                }
                return limit - 1;
            }
        };
        assertThatThrownBy(() -> Phases.scans(shortScan, "t", 100_000, 3, 10, 1, false))
                .isInstanceOf(BenchFailure.class).hasMessageContaining("expected 10");
    }

    /** A session that finds nothing; tests override what they need. */
    private static class FakeSession implements KvSession {
        @Override
        public void put(long key, byte[] value) {
        }

        @Override
        public byte[] get(long key) {
            return null;
        }

        @Override
        public int scan(long fromKey, int limit, RowVisitor visitor) {
            return 0;
        }

        @Override
        public void begin() {
        }

        @Override
        public void commit() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void permutationIsFixedBySeedAndHoldsEveryKeyOnce() {
        long[] a = EngineSuite.permutation(1000, 42);
        assertThat(a).isEqualTo(EngineSuite.permutation(1000, 42));
        long[] sorted = a.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(EngineSuite.sequence(1000));
    }

    @Test
    void writesRowsAsAJsonListAndATableWithRatios(@TempDir Path dir) throws Exception {
        Results r = new Results();
        r.add("point-lookup", "neuroquantum", "throughput", 300, "ops/s");
        r.add("point-lookup", "h2", "throughput", 200, "ops/s");
        r.add("point-lookup", "sqlite", "throughput", 100, "ops/s");
        Path json = r.writeJson(dir, "engine");
        JsonNode rows = JsonMapper.builder().build().readTree(Files.readString(json));
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.get(0).get("case").asString()).isEqualTo("point-lookup");
        assertThat(rows.get(0).get("unit").asString()).isEqualTo("ops/s");
        String md = r.markdown(EngineConfig.ALL_SYSTEMS, EngineConfig.ALL_CASES);
        assertThat(md).contains("| point-lookup | throughput | ops/s | 300 | 200 | 100 | 1.50× | 3.00× |");
    }

    @Test
    void aTinyRunOfEveryCaseAndSystemYieldsEveryRow() throws Exception {
        EngineConfig cfg = new EngineConfig(20_000, 5, 10_000, 2, 2_000, 90, 0.2, 0, 1, 42,
                EngineConfig.ALL_SYSTEMS, EngineConfig.ALL_CASES);
        Results results = new Results();
        new EngineSuite(cfg, results).run();
        List<Results.Row> rows = results.rows();
        for (String system : EngineConfig.ALL_SYSTEMS) {
            for (String c : EngineConfig.ALL_CASES) {
                assertThat(rows).as(c + "/" + system)
                        .anyMatch(row -> row.caseName().equals(c) && row.system().equals(system)
                                && row.metric().equals("throughput") && row.value() > 0 && row.unit().endsWith("/s"));
                assertThat(rows).anyMatch(row -> row.caseName().equals(c) && row.system().equals(system)
                        && row.metric().equals("p999") && row.unit().equals("us"));
            }
        }
        assertThat(rows).anyMatch(row -> row.caseName().equals("range-scan") && row.metric().equals("ms_per_scan"));
    }
}
