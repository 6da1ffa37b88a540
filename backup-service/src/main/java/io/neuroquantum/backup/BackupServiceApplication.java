package io.neuroquantum.backup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Full and incremental backups, WAL archiving and point-in-time recovery to disk, S3 and GCS. */
@SpringBootApplication
public class BackupServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(BackupServiceApplication.class, args);
    }
}
