package io.neuroquantum.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    private final FaultyFileIO io = new FaultyFileIO();

    private WalOptions small() {
        return WalOptions.defaults().withSegmentSize(64 * 1024).withFileIO(io);
    }

    private static byte[] payload(SplittableRandom r, int max) {
        byte[] p = new byte[r.nextInt(max)];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) r.nextInt();
        }
        return p;
    }

    private List<LogRecord> readAll(WriteAheadLog wal) {
        List<LogRecord> out = new ArrayList<>();
        try (LogReader r = wal.reader(0)) {
            for (LogRecord rec; (rec = r.next()) != null; ) {
                out.add(rec);
            }
        }
        return out;
    }

    @Test
    void recordsRoundTripAcrossSegmentsAndReopen() {
        SplittableRandom r = new SplittableRandom(1);
        List<byte[]> written = new ArrayList<>();
        List<Long> lsns = new ArrayList<>();
        List<Path> closedSegments = Collections.synchronizedList(new ArrayList<>());
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), (file, first, end) -> closedSegments.add(file))) {
            long prev = 0;
            for (int i = 0; i < 2000; i++) {
                byte[] p = payload(r, 700);
                prev = wal.append(LogRecordType.UPDATE, 7, prev, p);
                written.add(p);
                lsns.add(prev);
            }
            wal.flush(prev);
            assertThat(wal.durableLsn()).isGreaterThan(prev);
        }
        assertThat(closedSegments).isNotEmpty();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            List<LogRecord> read = readAll(wal);
            assertThat(read).hasSize(written.size());
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).lsn()).isEqualTo(lsns.get(i));
                assertThat(read.get(i).payload()).isEqualTo(written.get(i));
                assertThat(read.get(i).prevLsn()).isEqualTo(i == 0 ? 0 : lsns.get(i - 1));
                assertThat(read.get(i).txnId()).isEqualTo(7);
            }
            long next = wal.append(LogRecordType.BEGIN, 8, 0, new byte[0]);
            assertThat(next).isGreaterThanOrEqualTo(read.getLast().nextLsn());
        }
    }

    @Test
    void aTornTailIsCutAndNeverReplayed() throws Exception {
        long lastGood;
        long torn;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            wal.append(LogRecordType.BEGIN, 1, 0, new byte[10]);
            lastGood = wal.append(LogRecordType.UPDATE, 1, 0, new byte[100]);
            torn = wal.append(LogRecordType.UPDATE, 1, lastGood, new byte[300]);
            wal.flush(torn);
        }
        // Tear the last record: flip a byte in its payload.
        Path segment = Segment.path(dir, 0);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            long pos = torn + LogRecord.HEADER_SIZE + 50;
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x40);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            List<LogRecord> read = readAll(wal);
            assertThat(read).extracting(LogRecord::lsn).endsWith(lastGood).doesNotContain(torn);
            // The segment was closed with a SKIP where the torn record was: new records start in
            // the next segment, and the bytes beyond the SKIP are never read again.
            long again = wal.append(LogRecordType.UPDATE, 2, 0, new byte[8]);
            assertThat(again).isEqualTo(small().segmentSize() + Segment.HEADER_SIZE);
            wal.flush(again);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            List<LogRecord> read = readAll(wal);
            assertThat(read.getLast().lsn()).isEqualTo(small().segmentSize() + Segment.HEADER_SIZE);
            assertThat(read.getLast().txnId()).isEqualTo(2);
            assertThat(read).hasSize(3);
        }
    }

    @Test
    void truncatedSegmentEndsTheLogCleanly() throws Exception {
        long second;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            wal.append(LogRecordType.BEGIN, 1, 0, new byte[10]);
            second = wal.append(LogRecordType.UPDATE, 1, 0, new byte[1000]);
            wal.flush(second);
        }
        try (RandomAccessFile f = new RandomAccessFile(Segment.path(dir, 0).toFile(), "rw")) {
            f.setLength(second + 40); // a short write: half a record on disk
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            assertThat(readAll(wal)).hasSize(1);
        }
    }

    @Test
    void groupCommitSharesFsyncsAmongConcurrentCommits() throws Exception {
        int threads = 16;
        int commitsPerThread = 50;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE);
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long txn = t + 1;
                futures.add(pool.submit(() -> {
                    List<Long> acked = new ArrayList<>();
                    for (int i = 0; i < commitsPerThread; i++) {
                        long lsn = wal.append(LogRecordType.UPDATE, txn, 0, new byte[40]);
                        long commit = wal.commit(txn, lsn, System.currentTimeMillis() * 1000);
                        assertThat(wal.durableLsn()).isGreaterThan(commit); // durable when commit returns
                        acked.add(commit);
                    }
                    return acked;
                }));
            }
            int acked = 0;
            for (Future<List<Long>> f : futures) {
                acked += f.get().size();
            }
            assertThat(acked).isEqualTo(threads * commitsPerThread);
            // One fsync served many commits: strictly fewer fsyncs than commits.
            assertThat(io.forces.get()).isLessThan(threads * commitsPerThread);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            assertThat(readAll(wal).stream().filter(r -> r.type() == LogRecordType.COMMIT).count())
                    .isEqualTo(threads * commitsPerThread);
        }
    }

    @Test
    void failedFsyncStopsTheLogAndNothingLaterIsAcknowledged() {
        long durable;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            durable = wal.commit(1, 0, 1);
            io.failNextForce.set(true);
            assertThatThrownBy(() -> wal.commit(2, 0, 2)).isInstanceOf(WalException.class)
                    .hasMessageContaining("fsync").hasMessageContaining("stopped accepting writes");
            // fail-stop: even a later append is refused, with the original cause
            assertThatThrownBy(() -> wal.append(LogRecordType.BEGIN, 3, 0, new byte[0]))
                    .isInstanceOf(WalException.class).hasMessageContaining("injected fsync failure");
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            assertThat(readAll(wal)).extracting(LogRecord::lsn).contains(durable);
            wal.commit(4, 0, 4); // usable again after a restart
        }
    }

    /**
     * A finished segment is forced in the background, not at the switch: a commit whose record
     * lies in the next segment must still not be acknowledged unless the finished one was
     * forced, and durability must never be reported past it.
     */
    @Test
    void aCommitWaitsForTheForceOfTheSegmentsBeforeIt() {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            wal.commit(1, 0, 1); // segment 0 exists and is forced once
            io.failForcesOf = Segment.path(dir, 0);
            byte[] filler = new byte[1000];
            while (wal.endLsn() < 64 * 1024 + 4096) {
                wal.append(LogRecordType.UPDATE, 1, 0, filler);
            }
            wal.write(); // writes segment 0 to its end and switches to segment 1
            assertThatThrownBy(() -> wal.commit(2, 0, 2)).isInstanceOf(WalException.class)
                    .hasMessageContaining("fsync");
            assertThat(wal.durableLsn()).isLessThan(64 * 1024);
        }
    }

    @Test
    void diskFullIsFailStopToo() {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            wal.commit(1, 0, 1);
            io.diskFull.set(true);
            assertThatThrownBy(() -> wal.commit(2, 0, 2)).isInstanceOf(WalException.class)
                    .hasMessageContaining("No space left");
        }
    }

    @Test
    void shortWritesAreCompleted() {
        io.maxBytesPerWrite = 7;
        SplittableRandom r = new SplittableRandom(3);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            for (int i = 0; i < 200; i++) {
                wal.commit(i, wal.append(LogRecordType.UPDATE, i, 0, payload(r, 300)), i);
            }
        }
        io.maxBytesPerWrite = Integer.MAX_VALUE;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            assertThat(readAll(wal)).hasSize(400);
        }
    }

    @Test
    void asynchronousCommitBecomesDurableWithinItsWindow() {
        WalOptions async = small().withAsyncCommit(java.time.Duration.ofMillis(20));
        try (WriteAheadLog wal = WriteAheadLog.open(dir, async, SegmentListener.NONE)) {
            long lsn = wal.commit(1, 0, 1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> wal.durableLsn() > lsn);
        }
    }

    @Test
    void oversizedRecordsAndGarbageFilesAreRejectedClearly() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            assertThatThrownBy(() -> wal.append(LogRecordType.UPDATE, 1, 0, new byte[1 << 20]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the limit");
        }
        // a segment file with a bad header is not read as log
        Files.write(Segment.path(dir, 5), new byte[4096]);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            assertThat(Files.exists(Segment.path(dir, 5))).isFalse();
        }
    }

    @Test
    void removedSegmentsAreRecycledAndTheirOldRecordsNeverReadAgain() throws Exception {
        long seg = small().segmentSize();
        List<Long> written = new java.util.ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            long lsn = 0;
            while (lsn < 3 * seg) {
                lsn = wal.append(LogRecordType.UPDATE, 1, 0, new byte[1000]);
            }
            wal.flush(lsn);
            assertThat(wal.deleteSegmentsBefore(2 * seg)).isEqualTo(2);
            assertThat(java.nio.file.Files.list(dir).filter(f -> f.toString().endsWith(".spare")).count()).isEqualTo(2);
            // the next segments come from the spares: full size already, old content behind a new header
            while (lsn < 6 * seg) {
                lsn = wal.append(LogRecordType.UPDATE, 2, 0, new byte[1000]);
                written.add(lsn);
            }
            wal.flush(lsn);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, small(), SegmentListener.NONE)) {
            List<LogRecord> read = readAll(wal);
            assertThat(read.getFirst().lsn()).isEqualTo(2 * seg + Segment.HEADER_SIZE);
            assertThat(read.stream().filter(r -> r.txnId() == 2).map(LogRecord::lsn).toList()).isEqualTo(written);
        }
    }
}
