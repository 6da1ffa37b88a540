package io.neuroquantum.cli.suite;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a service's actuator how it is. */
public final class HealthProbe {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();

    /** {@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE}, or {@code UNREACHABLE} if nothing answered. */
    public String status(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            var m = java.util.regex.Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"").matcher(body);
            return m.find() ? m.group(1) : "UNKNOWN";
        } catch (java.io.IOException e) {
            return "UNREACHABLE";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNREACHABLE";
        }
    }

    public boolean ready(int port) {
        return "UP".equals(status(port, "/actuator/health/readiness"));
    }
}
