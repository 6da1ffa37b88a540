package io.neuroquantum.bench.http;

import java.nio.file.Path;
import java.util.List;

/** Settings of the {@code storage-http} suite: {@link #quick()} or {@link #full()}, then the options' overrides. */
final class StorageHttpConfig {

    static final String OURS = "neuroquantum";
    static final String PG = "postgresql";
    static final String PG_BATCH = "postgresql-jdbc-batch";
    static final List<String> ALL_SYSTEMS = List.of(OURS, PG);
    /** The service as {@code nq up} runs it (-Xmx1g, G1), with the heap fixed and pre-touched. */
    static final List<String> DEFAULT_SERVICE_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
            "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");
    static final String LOAD = "batch-insert";

    boolean quick;
    /** Rows in the table (ids 0..rows-1). */
    long rows;
    /** Concurrent point-get clients: one case each. */
    List<Integer> clients = List.of(1, 4, 16);
    /** Measured time per case, per system, per round. */
    long measureNanos;
    /** Rounds per case (the systems take turns, the order rotating); the median round is reported. */
    int rounds;
    /** The least warm-up of each system before its first measurement (the service JVM's JIT). */
    long firstWarmMinNanos;
    /** The least warm-up before every other measurement. */
    long warmMinNanos;
    /** Warm-up stops here even if throughput is not stable yet (logged). */
    long warmMaxNanos;
    /** Warm-up window: stable when the last 3 windows' throughputs are within {@link #stableSpread} (max - min) / mean. */
    long windowNanos;
    double stableSpread = 0.05;
    /** Rows per insert call (ours), per COPY and per JDBC batch (PostgreSQL). */
    int loadBatch = 5_000;
    /** Concurrent loaders. */
    int loaders = 4;
    /** Rows loaded into a scratch table (then dropped) before the measured load: warms the insert path. */
    long warmLoadRows;
    /** storage-service.jar; null: where {@code m1.ServiceProcess.locateJar()} finds it. */
    Path serviceJar;
    List<String> serviceJvm = DEFAULT_SERVICE_JVM;
    /** The service's buffer pool, and PostgreSQL's shared_buffers. */
    String bufferPool = "1GB";
    String pgBin;
    List<String> systems = ALL_SYSTEMS;
    /** Also load PostgreSQL with JDBC batch inserts (a second anchor for the load). */
    boolean pgJdbcBatch = true;
    /** raw: blocking HTTP/1.1 on one socket per client; jdk: java.net.http.HttpClient. */
    String httpClient = "raw";
    /** When set: a JFR recording of the service for each point-get case (first round). */
    Path jfrDir;
    /** Before each measurement, wait up to this long for a second with other processes below {@link #quietCores}. */
    long quietWaitNanos = 60_000_000_000L;
    double quietCores = 0.25;
    /** Parent of the data directories (default: the temp directory). */
    Path dir;

    static StorageHttpConfig quick() {
        StorageHttpConfig c = new StorageHttpConfig();
        c.quick = true;
        c.rows = 100_000;
        c.measureNanos = 10_000_000_000L;
        c.rounds = 1;
        c.firstWarmMinNanos = 20_000_000_000L;
        c.warmMinNanos = 4_000_000_000L;
        c.warmMaxNanos = 60_000_000_000L;
        c.windowNanos = 2_000_000_000L;
        c.warmLoadRows = 200_000; // fewer leave the insert path's JIT cold (50,000: 5x slower load)
        return c;
    }

    static StorageHttpConfig full() {
        StorageHttpConfig c = new StorageHttpConfig();
        c.rows = 1_000_000;
        c.measureNanos = 20_000_000_000L;
        c.rounds = 3;
        c.firstWarmMinNanos = 60_000_000_000L;
        c.warmMinNanos = 10_000_000_000L;
        c.warmMaxNanos = 180_000_000_000L;
        c.windowNanos = 5_000_000_000L;
        c.warmLoadRows = 200_000;
        return c;
    }

    static String getCase(int clients) {
        return "point-get-" + clients + (clients == 1 ? "-client" : "-clients");
    }
}
