package io.neuroquantum.bench.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The load client's HTTP/1.1: one keep-alive connection on a blocking socket (TCP_NODELAY), used
 * by one thread, request after request, the way a JDBC connection is. No selector thread, no
 * futures, no pool and no per-request objects beyond what the caller asks for, so the client adds
 * as little CPU and as few thread hand-offs per request as a loopback client can: with both
 * processes on the same cores, every microsecond the client burns is taken from the server.
 *
 * <p>It writes requests the caller built ({@link RequestBuilder}), reads the status line, the
 * headers it needs ({@code Content-Length}, {@code Transfer-Encoding: chunked},
 * {@code Connection: close}) and the body into a reused buffer ({@link #body()},
 * {@link #bodyLength()}). Anything it does not understand is an {@link IOException}.
 */
final class HttpConnection implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private byte[] body = new byte[16 * 1024];
    private int bodyLength;
    private boolean closeAfter;

    /** A connection whose reads time out after 60 s. */
    HttpConnection(String host, int port) throws IOException {
        this(host, port, 60_000);
    }

    /**
     * {@code timeoutMillis} 0: reads block without a timeout. That is what the timed loops use: with a
     * timeout (on connect or read) the JDK's socket puts the descriptor in non-blocking mode for good
     * and every response costs a failed read, a poll and a second read, about twice the client CPU
     * of the one blocking read pgjdbc does; closing the connection unblocks a read that waits.
     */
    HttpConnection(String host, int port, int timeoutMillis) throws IOException {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
        connect();
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        if (timeoutMillis == 0) {
            // no timeouts at all: a timed connect or read switches the JDK socket to non-blocking mode
            // for good, and each read then costs read (EAGAIN) + poll + read
            s.connect(new InetSocketAddress(host, port));
        } else {
            s.connect(new InetSocketAddress(host, port), 5_000);
            s.setSoTimeout(timeoutMillis);
        }
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        pos = 0;
        lim = 0;
        closeAfter = false;
    }

    String hostHeader() {
        return host + ":" + port;
    }

    /**
     * Sends {@code request[0..length)} (a whole HTTP/1.1 request) and reads the response. Returns
     * the status; the body is in {@link #body()}. A connection the server closed is reopened first.
     */
    int exchange(byte[] request, int length) throws IOException {
        if (closeAfter || socket == null) {
            reconnect();
        }
        out.write(request, 0, length);
        out.flush();
        return readResponse();
    }

    /** The last response's body: {@code body()[0..bodyLength())}. */
    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    private void reconnect() throws IOException {
        closeQuietly();
        connect();
    }

    private int readResponse() throws IOException {
        // status line: HTTP/1.1 200 OK
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response: " + statusLine);
        }
        int sp = statusLine.indexOf(' ');
        int status = Integer.parseInt(statusLine.substring(sp + 1, sp + 4));
        long contentLength = -1;
        boolean chunked = false;
        closeAfter = statusLine.startsWith("HTTP/1.0");
        int headerBytes = 0;
        for (;;) {
            String line = readLine();
            headerBytes += line.length() + 2;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("response headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon);
            if (name.equalsIgnoreCase("content-length")) {
                contentLength = Long.parseLong(line.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = line.substring(colon + 1).trim().equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("connection")) {
                String v = line.substring(colon + 1).trim();
                if (v.equalsIgnoreCase("close")) {
                    closeAfter = true;
                }
            }
        }
        bodyLength = 0;
        if (chunked) {
            for (;;) {
                String sizeLine = readLine();
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                readBody(size);
                if (!readLine().isEmpty()) {
                    throw new IOException("malformed chunk");
                }
            }
        } else if (contentLength >= 0) {
            if (contentLength > Integer.MAX_VALUE - 16) {
                throw new IOException("body too large: " + contentLength);
            }
            readBody((int) contentLength);
        } else if (status != 204 && status != 304 && !(status >= 100 && status < 200)) {
            // no length: the body runs to the end of the connection
            closeAfter = true;
            for (;;) {
                if (pos == lim && !fill()) {
                    break;
                }
                readBody(lim - pos);
            }
        }
        return status;
    }

    private void readBody(int n) throws IOException {
        if (bodyLength + n > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
        }
        while (n > 0) {
            if (pos == lim && !fill()) {
                throw new EOFException("connection closed in a response body");
            }
            int k = Math.min(n, lim - pos);
            System.arraycopy(buf, pos, body, bodyLength, k);
            pos += k;
            bodyLength += k;
            n -= k;
        }
    }

    /** A CRLF-terminated line (ISO-8859-1), without the CRLF. */
    private String readLine() throws IOException {
        StringBuilder sb = null;
        for (;;) {
            if (pos == lim && !fill()) {
                throw new EOFException("connection closed in a response head");
            }
            for (int i = pos; i < lim; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    if (sb == null) {
                        return part;
                    }
                    sb.append(part);
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
            if (sb.length() > MAX_HEADER_BYTES) {
                throw new IOException("response line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            pos = lim;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    /**
     * Builds requests into a reused byte array: {@code METHOD path HTTP/1.1} with Host,
     * Authorization and (for a body) Content-Type/Content-Length.
     */
    static final class RequestBuilder {
        private final byte[] headTail; // " HTTP/1.1\r\nHost: ..\r\nAuthorization: ..\r\n"
        private byte[] bytes = new byte[4096];
        private int length;

        RequestBuilder(String hostHeader, String bearer) {
            headTail = (" HTTP/1.1\r\nHost: " + hostHeader + "\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n"))
                    .getBytes(StandardCharsets.ISO_8859_1);
        }

        RequestBuilder start() {
            length = 0;
            return this;
        }

        RequestBuilder ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[length++] = (byte) s.charAt(i);
            }
            return this;
        }

        RequestBuilder bytes(byte[] b) {
            return bytes(b, 0, b.length);
        }

        RequestBuilder bytes(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, bytes, length, n);
            length += n;
            return this;
        }

        RequestBuilder decimal(long v) {
            ensure(20);
            length = Ascii.putLong(bytes, length, v);
            return this;
        }

        /** After the path: the protocol and the fixed headers, then the blank line. */
        RequestBuilder endHead() {
            bytes(headTail);
            return ascii("\r\n");
        }

        /** After the path: the fixed headers, a JSON body's headers, the blank line and the body. */
        RequestBuilder jsonBody(byte[] body) {
            bytes(headTail);
            ascii("Content-Type: application/json\r\nContent-Length: ").decimal(body.length).ascii("\r\n\r\n");
            return bytes(body);
        }

        byte[] array() {
            return bytes;
        }

        int length() {
            return length;
        }

        private void ensure(int n) {
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
        }
    }
}
