package io.neuroquantum.bench.recovery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM running {@code mainClass} on this JVM's class path with this JVM's java binary,
 * its stdout delivered line by line (only whole, newline-terminated lines: a line cut by a
 * kill is dropped), its stderr to a file. {@link #kill()} is SIGKILL.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Thread reader;
    private final Path stderr;
    private volatile int partialBytes;

    private ChildJvm(Process process, Consumer<String> onLine, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(() -> pump(process.getInputStream(), onLine), "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The java binary of this JVM (falls back to java.home/bin/java). */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static ChildJvm start(String mainClass, List<String> args, List<String> jvmOptions, Path stderr,
                                 Consumer<String> onLine) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvmOptions);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add(mainClass);
        cmd.addAll(args);
        Files.createDirectories(stderr.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new ChildJvm(p, onLine, stderr);
    }

    /** This JVM's class path with every entry made absolute (the child may run elsewhere). */
    static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private void pump(InputStream in, Consumer<String> onLine) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        onLine.accept(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closed: the child is gone
        }
        partialBytes = line.size();
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL (on Linux), then waits for the process and for the last of its output. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        reader.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** Waits up to {@code millis} for the child to exit by itself; its exit code, or -1 if it still runs. */
    public int awaitExit(long millis) throws InterruptedException {
        if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return process.exitValue();
    }

    /** Bytes of an unterminated last line (cut by the kill), dropped. */
    public int partialBytes() {
        return partialBytes;
    }

    /** The last lines of the child's stderr (for failure messages). */
    public String stderrTail(int lines) {
        try {
            List<String> all = Files.readAllLines(stderr, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
