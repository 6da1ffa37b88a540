package io.neuroquantum.storage;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Storage engine (pages, buffer pool, B+ trees, WAL, transactions) behind an HTTP API; the API key authority. */
@SpringBootApplication
public class StorageServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(StorageServiceApplication.class, args);
    }
}
