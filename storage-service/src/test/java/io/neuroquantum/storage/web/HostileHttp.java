package io.neuroquantum.storage.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The wire side of {@link HostileInputTest}: requests over {@link HttpClient}, or over a
 * raw socket for what that client refuses to send (malformed percent-encoding, raw non-ASCII
 * bytes in the request target or in header values).
 */
final class HostileHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** One request. {@code auth} null: the admin key; "" : no Authorization header. */
    record Req(String method, String path, List<String[]> headers, byte[] body, String auth, boolean raw,
            boolean chunked) {

        String describe() {
            StringBuilder b = new StringBuilder(method).append(' ').append(abbreviate(path, 300));
            for (String[] h : headers) {
                b.append("\n    ").append(h[0]).append(": ").append(abbreviate(h[1], 200));
            }
            if (body != null) {
                b.append("\n    body (").append(body.length).append(" bytes")
                        .append(chunked ? ", chunked" : "").append("): ")
                        .append(abbreviate(new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8), 500));
            }
            if (raw) {
                b.append("\n    (raw socket)");
            }
            return b.toString();
        }
    }

    /** What came back: {@code error} set if there was no HTTP response (timeout, reset). */
    record Res(int status, String contentType, String body, long millis, Throwable error) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String key;

    HostileHttp(int port, String key) {
        this.port = port;
        this.key = key;
    }

    Res send(Req req) {
        long start = System.nanoTime();
        try {
            return req.raw() ? raw(req, start) : viaClient(req, start);
        } catch (HttpTimeoutException | java.net.SocketTimeoutException e) {
            return new Res(-1, null, null, elapsed(start), e);
        } catch (IOException e) {
            return new Res(-1, null, null, elapsed(start), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private Res viaClient(Req req, long start) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher;
        if (req.body() == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (req.chunked()) {
            byte[] b = req.body();
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(b));
        } else {
            publisher = HttpRequest.BodyPublishers.ofByteArray(req.body());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + req.path()))
                .timeout(TIMEOUT)
                .method(req.method(), publisher);
        String auth = req.auth() == null ? "Bearer " + key : req.auth();
        if (!auth.isEmpty()) {
            b.header("Authorization", auth);
        }
        for (String[] h : req.headers()) {
            b.header(h[0], h[1]);
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Res(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                new String(r.body(), StandardCharsets.UTF_8), elapsed(start), null);
    }

    /** HTTP/1.1 by hand: one request per connection, the response read to EOF. */
    private Res raw(Req req, long start) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout((int) TIMEOUT.toMillis());
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            // the request target goes out as UTF-8 bytes, exactly as given (no encoding)
            head.writeBytes((req.method() + " " + req.path() + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
            head.writeBytes(("Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.UTF_8));
            String auth = req.auth() == null ? "Bearer " + key : req.auth();
            if (!auth.isEmpty()) {
                head.writeBytes(("Authorization: " + auth + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            for (String[] h : req.headers()) {
                head.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (req.body() != null) {
                head.writeBytes(("Content-Length: " + req.body().length + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            head.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(head.toByteArray());
            if (req.body() != null) {
                out.write(req.body());
            }
            out.flush();
            byte[] all = readAll(s.getInputStream());
            return parse(all, start);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                b.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            if (b.size() == 0) {
                throw e;
            }
        }
        return b.toByteArray();
    }

    private static Res parse(byte[] all, long start) throws IOException {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new IOException("no HTTP response (" + all.length + " bytes: " + abbreviate(text, 80) + ")");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = null;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if (chunked) {
            body = dechunk(body);
        }
        return new Res(status, contentType, new String(body, StandardCharsets.UTF_8), elapsed(start), null);
    }

    private static byte[] dechunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 0;
        while (p < b.length) {
            int eol = p;
            while (eol + 1 < b.length && !(b[eol] == '\r' && b[eol + 1] == '\n')) {
                eol++;
            }
            String size = new String(b, p, eol - p, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(b, eol + 2, Math.min(n, b.length - eol - 2));
            p = eol + 2 + n + 2;
        }
        return out.toByteArray();
    }

    /**
     * Whether the request cannot reach application code: its request-target is not a URI
     * (as the server sees the bytes), its request line or headers exceed the HTTP layer's
     * limits (4 KB, 8 KB), or a header value has bytes the HTTP layer refuses.
     */
    static boolean transportLevel(Req req) {
        String target = new String(req.path().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        if (target.length() + req.method().length() + 10 > 4096) {
            return true;
        }
        try {
            new URI(target);
        } catch (java.net.URISyntaxException e) {
            return true;
        }
        int headerBytes = 0;
        for (String[] h : req.headers()) {
            headerBytes += h[0].length() + h[1].getBytes(StandardCharsets.UTF_8).length + 4;
            for (char c : h[1].toCharArray()) {
                if (c > 0x7E || (c < 0x20 && c != '\t')) {
                    return true;
                }
            }
        }
        return headerBytes + (req.auth() == null ? 80 : req.auth().length()) > 8000;
    }

    static List<String[]> headers(String... nameValues) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            out.add(new String[] {nameValues[i], nameValues[i + 1]});
        }
        return out;
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "null";
        }
        String flat = s.replace("\n", "\\n").replace("\r", "\\r");
        return flat.length() <= max ? flat : flat.substring(0, max) + "…(" + s.length() + " chars)";
    }
}
