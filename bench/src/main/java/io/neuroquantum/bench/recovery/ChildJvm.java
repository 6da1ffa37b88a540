package io.neuroquantum.bench.recovery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
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
 *
 * <p>Stdout goes to a file that a thread follows, not to a pipe: whatever the child wrote
 * before it was killed is in the file (the page cache survives SIGKILL), whereas the bytes
 * still in a pipe when the child dies can be lost by the JDK's process reaper.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Thread reader;
    private final Path stderr;
    private volatile int partialBytes;

    private volatile boolean exited;

    private ChildJvm(Process process, Consumer<String> onLine, Path stderr, Path stdout) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(() -> follow(stdout, onLine), "child-stdout-" + process.pid());
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
        Path stdout = stderr.resolveSibling(stderr.getFileName() + ".stdout");
        Files.deleteIfExists(stdout);
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .redirectOutput(stdout.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new ChildJvm(p, onLine, stderr, stdout);
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

    /** Follows the stdout file until the child has exited and everything it wrote was read. */
    private void follow(Path stdout, Consumer<String> onLine) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        try (FileChannel ch = FileChannel.open(stdout, StandardOpenOption.READ)) {
            long pos = 0;
            for (;;) {
                boolean last = exited; // read once more after the exit was seen
                buf.clear();
                int n = ch.read(buf, pos);
                if (n > 0) {
                    pos += n;
                    for (int i = 0; i < n; i++) {
                        byte b = buf.get(i);
                        if (b == '\n') {
                            onLine.accept(line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else {
                            line.write(b);
                        }
                    }
                } else if (last) {
                    break;
                } else {
                    LockSupport.parkNanos(1_000_000);
                }
            }
        } catch (IOException e) {
            // the file vanished: nothing more to read
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
        exited = true;
        reader.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** Waits up to {@code millis} for the child to exit by itself; its exit code, or -1 if it still runs. */
    public int awaitExit(long millis) throws InterruptedException {
        if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            return -1;
        }
        exited = true;
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
