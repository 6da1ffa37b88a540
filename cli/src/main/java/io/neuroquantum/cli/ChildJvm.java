package io.neuroquantum.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a tool in a JVM of its own (same java as this one), in the repository root, with this terminal. */
final class ChildJvm {

    private ChildJvm() {
    }

    static Path home() {
        return Path.of(System.getProperty("nq.home", ".")).toAbsolutePath().normalize();
    }

    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    /** Arguments that run {@code mainClass} from a Spring Boot service jar (through its PropertiesLauncher). */
    static List<String> serviceMain(Path jar, String mainClass) {
        return List.of("-cp", jar.toString(), "-Dloader.main=" + mainClass,
                "org.springframework.boot.loader.launch.PropertiesLauncher");
    }

    static Path requireJar(String relative) {
        Path jar = home().resolve(relative);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " is missing: build it with ./mvnw -q -DskipTests package");
        }
        return jar;
    }

    /** Runs the command in the repository root and returns its exit code (130 if interrupted). */
    static int run(List<String> command) throws java.io.IOException {
        return run(command, home());
    }

    /** Runs the command in {@code dir} and returns its exit code (130 if interrupted). */
    static int run(List<String> command, Path dir) throws java.io.IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
