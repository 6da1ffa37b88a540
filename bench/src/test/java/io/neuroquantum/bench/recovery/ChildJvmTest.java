package io.neuroquantum.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    @Test
    void theTortureChildStartsFromThisClassPathAndDiesBySigkillLeavingOnlyWholeLines(@TempDir Path dir)
            throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ChildJvm child = ChildJvm.start(TortureChild.class.getName(), List.of("probe"), List.of("-Xmx64m"),
                dir.resolve("stderr.log"), lines::add);
        await().atMost(Duration.ofSeconds(60)).until(() -> !lines.isEmpty() || !child.alive());
        assertThat(child.alive()).as("child alive; stderr: %s", child.stderrTail(20)).isTrue();
        child.kill();
        assertThat(child.alive()).isFalse();
        assertThat(child.awaitExit(1_000)).isEqualTo(137); // 128 + SIGKILL
        assertThat(lines).containsExactly("@READY 0");
        assertThat(child.partialBytes()).isEqualTo("@A cut".length());
    }
}
