package io.neuroquantum.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.optimizer.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SolveMainTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    private record Out(int code, JsonNode body, String err) {
    }

    private static Out run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SolveMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(text.lines().count()).as("one JSON object on one line").isEqualTo(1);
        return new Out(code, json.readTree(text), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void solvesAGsetFileAndPrintsTheRequiredFields() {
        Path file = SharedData.root().resolve("maxcut/biqmac-rudy/g05_60.0");
        Out o = run("--problem", "maxcut", "--format", "gset", "--solver", "sa", "--time-limit-ms", "1000", "--seed", "3",
                "--target-objective", "536", file.toString());
        assertThat(o.code()).isZero();
        for (String f : new String[] {"objective", "energy", "valid", "solution", "solver", "elapsedMs"}) {
            assertThat(o.body().has(f)).as(f).isTrue();
        }
        assertThat(o.body().path("objective").asDouble()).isEqualTo(536.0);
        assertThat(o.body().path("solution").size()).isEqualTo(60);
    }

    @Test
    void coloringWithColorsAndParams() {
        Path file = SharedData.root().resolve("coloring/myciel3.col");
        Out o = run("--problem", "coloring", "--format", "dimacs", "--solver", "sqa", "--colors", "4", "--time-limit-ms", "300",
                "--param", "slices=8", file.toString());
        assertThat(o.code()).isZero();
        assertThat(o.body().path("valid").asBoolean()).isTrue();
        assertThat(o.body().path("solver").asString()).isEqualTo("sqa");
    }

    @Test
    void jsonRequestFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("q.json");
        Files.writeString(f, "{\"problem\":\"qubo\",\"n\":2,\"linear\":[-1,-1],\"quadratic\":[[0,1,3]]}");
        Out o = run("--solver", "tabu", "--time-limit-ms", "200", f.toString());
        assertThat(o.code()).isZero();
        assertThat(o.body().path("objective").asDouble()).isEqualTo(-1.0);
    }

    @Test
    void badInputExitsWithTwoAndAnError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "3 1\n1 2 NaN\n");
        Out o = run("--problem", "maxcut", "--format", "gset", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.body().path("error").asString()).contains("not finite");
        Out u = run("--problem", "maxcut", "--bogus", "1", f.toString());
        assertThat(u.code()).isEqualTo(2);
        assertThat(u.err()).contains("usage");
    }
}
