package io.neuroquantum.cli.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code nq up} records about a process it started, so that {@code nq down} stops
 * exactly that process and never an unrelated one that reused the pid: the pid, the
 * process start time reported by the OS, the port and the jar.
 */
public record PidFile(long pid, Instant started, int port, String jar) {

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("started", started == null ? "" : started.toString());
        p.setProperty("port", Integer.toString(port));
        p.setProperty("jar", jar);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = Files.newBufferedWriter(tmp)) {
            p.store(out, "written by nq up; removed by nq down");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The recorded process, or empty if there is no (readable) pid file. */
    public static Optional<PidFile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
            String started = p.getProperty("started", "");
            return Optional.of(new PidFile(Long.parseLong(p.getProperty("pid")),
                    started.isEmpty() ? null : Instant.parse(started),
                    Integer.parseInt(p.getProperty("port")), p.getProperty("jar", "")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The live process this file describes, if it is still the one that was started. */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> {
            var info = h.info();
            boolean sameStart = started == null || info.startInstant().map(started::equals).orElse(true);
            boolean sameJar = info.commandLine().map(cl -> cl.contains(jar)).orElse(true);
            return sameStart && sameJar;
        });
    }
}
