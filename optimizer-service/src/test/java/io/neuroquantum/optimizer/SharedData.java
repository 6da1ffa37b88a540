package io.neuroquantum.optimizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared benchmark data ({@code NQ_SHARED_DATA} or ../shared/data/optimizer from the repo root). */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        String env = System.getenv("NQ_SHARED_DATA");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isDirectory(p.resolve("optimizer")) ? p.resolve("optimizer") : p;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("../shared/data/optimizer").normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("shared optimizer data not found; set NQ_SHARED_DATA");
    }

    public static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
