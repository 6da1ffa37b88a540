package io.neuroquantum.cli;

import io.neuroquantum.cli.suite.SuiteLauncher;
import io.neuroquantum.cli.suite.SuiteLayout;
import java.nio.file.Path;
import java.util.Map;

/** The layout every suite command works on: {@code nq.home} (set by ./nq) and {@code NQ_DATA_DIR}. */
final class SuiteOptions {

    private SuiteOptions() {
    }

    static SuiteLayout layout(Map<String, String> env) {
        Path home = Path.of(System.getProperty("nq.home", "."));
        String data = env.get("NQ_DATA_DIR");
        return new SuiteLayout(home, data == null || data.isBlank() ? home.resolve("data") : Path.of(data));
    }

    static SuiteLauncher launcher() {
        Map<String, String> env = SuiteLauncher.systemEnv();
        return new SuiteLauncher(layout(env), env, line -> System.out.println("  " + line));
    }
}
