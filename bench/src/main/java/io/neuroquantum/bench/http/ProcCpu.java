package io.neuroquantum.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of processes and of the machine from {@code /proc} (Linux; elsewhere every reading is
 * -1 and the suite reports no CPU figures). Resolution: one clock tick ({@code CLK_TCK}, 100 Hz
 * on Linux x86-64), so 10 ms per process per reading: fine for windows of several seconds.
 */
final class ProcCpu {

    static final long TICK_NANOS = 10_000_000L;

    private ProcCpu() {
    }

    /** User + system CPU of process {@code pid} (all its threads), or -1. */
    static long processNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // pid (comm) state ppid ... : fields after the last ')' start at field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]); // field 14
            long stime = Long.parseLong(f[12]); // field 15
            return (utime + stime) * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU of {@code root} and all its live descendants (processes that exited take theirs along), or -1. */
    static long treeNanos(ProcessHandle root) {
        long total = processNanos(root.pid());
        if (total < 0) {
            return -1;
        }
        for (ProcessHandle p : root.descendants().toList()) {
            long n = processNanos(p.pid());
            if (n > 0) {
                total += n;
            }
        }
        return total;
    }

    /** {@code [busy, total]} CPU time of the whole machine (all cores), or {@code [-1, -1]}. */
    static long[] machineNanos() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.getFirst().trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {(total - idle) * TICK_NANOS, total * TICK_NANOS};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }
}
