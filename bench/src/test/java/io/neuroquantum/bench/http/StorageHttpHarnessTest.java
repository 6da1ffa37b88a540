package io.neuroquantum.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.bench.BenchFailure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StorageHttpHarnessTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void rowsAreDeterministicAndTheirEncodingsAgree() {
        for (long id : new long[] {0, 1, 7, 99_999, 1_000_000_007L}) {
            String v = BenchRows.v(id);
            assertThat(v).hasSizeBetween(BenchRows.MIN_V, BenchRows.MAX_V).matches("[A-Za-z0-9]+");
            assertThat(BenchRows.v(id)).isEqualTo(v);
            assertThat(BenchRows.k(id)).isNotNegative();
            // the predicted point-get body is what Jackson writes for the row
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("k", BenchRows.k(id));
            row.put("v", v);
            byte[] buf = new byte[BenchRows.MAX_ROW_BYTES + 32];
            int n = BenchRows.putJsonObject(buf, 0, id);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo(JSON.writeValueAsString(row));
        }
        assertThat(BenchRows.v(1)).isNotEqualTo(BenchRows.v(2));
    }

    @Test
    void insertBodiesAndCopyChunksCarryEveryRowOnce() {
        List<byte[]> bodies = BenchRows.jsonBatches(0, 12_345, 5_000);
        assertThat(bodies).hasSize(3);
        long next = 0;
        for (byte[] body : bodies) {
            JsonNode rows = JSON.readTree(body).get("rows");
            for (JsonNode r : rows) {
                assertThat(r.get(0).asLong()).isEqualTo(next);
                assertThat(r.get(1).asInt()).isEqualTo(BenchRows.k(next));
                assertThat(r.get(2).asString()).isEqualTo(BenchRows.v(next));
                next++;
            }
        }
        assertThat(next).isEqualTo(12_345);
        assertThat(BenchRows.rowsIn(12_345, 5_000, 2)).isEqualTo(2_345);

        List<byte[]> chunks = BenchRows.copyBatches(100, 103, 2);
        assertThat(chunks).hasSize(2);
        assertThat(new String(chunks.get(1), StandardCharsets.US_ASCII))
                .isEqualTo("102\t" + BenchRows.k(102) + "\t" + BenchRows.v(102) + "\n");
    }

    @Test
    void asciiDecimals() {
        byte[] b = new byte[24];
        for (long v : new long[] {0, 9, 10, 123_456_789_012L, -42, Long.MAX_VALUE, Long.MIN_VALUE}) {
            int n = Ascii.putLong(b, 1, v);
            assertThat(new String(b, 1, n - 1, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }

    /** A server that answers each request on a connection with the next canned response. */
    private static Thread server(ServerSocket ss, List<String> responses, AtomicInteger accepted) {
        Thread t = new Thread(() -> {
            int next = 0;
            try {
                while (next < responses.size()) {
                    try (Socket s = ss.accept()) {
                        accepted.incrementAndGet();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                StandardCharsets.ISO_8859_1));
                        OutputStream out = s.getOutputStream();
                        while (next < responses.size()) {
                            String line;
                            int length = 0;
                            while ((line = in.readLine()) != null && !line.isEmpty()) {
                                if (line.toLowerCase().startsWith("content-length:")) {
                                    length = Integer.parseInt(line.substring(15).trim());
                                }
                            }
                            if (line == null) {
                                break;
                            }
                            for (int i = 0; i < length; i++) {
                                in.read();
                            }
                            String r = responses.get(next++);
                            out.write(r.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                            if (r.contains("Connection: close")) {
                                break;
                            }
                        }
                    }
                }
            } catch (Exception e) {
                // test over
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void theClientReadsLengthChunkedAndEmptyBodiesOnOneKeptAliveConnection() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread t = server(ss, List.of(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"id\":1}\n",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;x=y\r\nefg\r\n0\r\n\r\n",
                    "HTTP/1.1 204 No Content\r\n\r\n",
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno",
                    "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"), accepted);
            try (HttpConnection c = new HttpConnection("127.0.0.1", ss.getLocalPort(), 0)) {
                HttpConnection.RequestBuilder rb = new HttpConnection.RequestBuilder(c.hostHeader(), "secret-key");
                rb.start().ascii("GET /a/").decimal(-17).endHead();
                String request = new String(rb.array(), 0, rb.length(), StandardCharsets.ISO_8859_1);
                assertThat(request).isEqualTo("GET /a/-17 HTTP/1.1\r\nHost: " + c.hostHeader()
                        + "\r\nAuthorization: Bearer secret-key\r\n\r\n");
                assertThat(c.exchange(rb.array(), rb.length())).isEqualTo(200);
                assertThat(c.bodyText()).isEqualTo("{\"id\":1}\n");
                rb.start().ascii("POST /b").jsonBody("{}".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.exchange(rb.array(), rb.length())).isEqualTo(200);
                assertThat(c.bodyText()).isEqualTo("abcdefg");
                assertThat(c.exchange(rb.array(), rb.length())).isEqualTo(204);
                assertThat(c.bodyLength()).isZero();
                assertThat(c.exchange(rb.array(), rb.length())).isEqualTo(404);
                assertThat(c.bodyText()).isEqualTo("no");
                // the server closed: the next exchange reconnects
                assertThat(c.exchange(rb.array(), rb.length())).isEqualTo(200);
                assertThat(c.bodyText()).isEqualTo("ok");
            }
            t.join(5_000);
            assertThat(accepted.get()).isEqualTo(2);
        }
    }

    @Test
    void theLoopCountsEveryCallAndStopsOnAWrongAnswer() throws Exception {
        AtomicLong calls = new AtomicLong();
        List<ClosedLoop.Caller> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callers.add(key -> {
                assertThat(key).isBetween(0L, 9L);
                calls.incrementAndGet();
                Thread.sleep(1);
            });
        }
        try (ClosedLoop loop = new ClosedLoop("t", callers, 10, 1)) {
            loop.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() > 0);
            ClosedLoop.Window a = loop.sample();
            long seen = calls.get();
            // the second window spans at least 100 ms and some calls
            await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10)).until(() -> calls.get() > seen);
            ClosedLoop.Window b = loop.sample();
            assertThat(a.ops()).isPositive();
            assertThat(b.ops()).isPositive();
            assertThat(b.elapsedNanos()).isGreaterThanOrEqualTo(100_000_000L);
            assertThat(a.ops() + b.ops()).isLessThanOrEqualTo(calls.get());
        }

        ClosedLoop failing = new ClosedLoop("f", List.of(key -> {
            throw new BenchFailure("wrong row " + key);
        }), 5, 2);
        failing.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                failing.sample();
                return false;
            } catch (BenchFailure e) {
                return true; // the client's failure has reached the loop
            }
        });
        assertThatThrownBy(failing::sample).isInstanceOf(BenchFailure.class).hasMessageStartingWith("wrong row");
        assertThatThrownBy(failing::close).isInstanceOf(BenchFailure.class);
    }

    @Test
    void warmUpIsStableWhenTheLastThreeWindowsAgree() {
        assertThat(StorageHttpSuite.spread(List.of(1.0, 2.0))).isInfinite();
        assertThat(StorageHttpSuite.spread(List.of(50.0, 100.0, 101.0, 99.0))).isCloseTo(0.02, within(1e-9));
        assertThat(StorageHttpSuite.spread(List.of(100.0, 110.0, 90.0))).isCloseTo(0.2, within(1e-9));
    }
}
