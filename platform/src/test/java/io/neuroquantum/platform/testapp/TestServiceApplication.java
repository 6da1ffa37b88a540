package io.neuroquantum.platform.testapp;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A minimal service on the platform, for testing what every real service inherits. */
@SpringBootApplication
public class TestServiceApplication {

    public record Item(String name, int count) {
    }

    @RestController
    static class ItemController {

        @PostMapping("/api/v1/items")
        @PreAuthorize("hasRole('WRITE')")
        public Mono<Map<String, Object>> create(@RequestBody Item item) {
            return Mono.just(Map.of("name", item.name(), "count", item.count()));
        }
    }
}
