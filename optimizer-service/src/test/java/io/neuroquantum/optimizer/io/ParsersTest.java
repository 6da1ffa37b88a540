package io.neuroquantum.optimizer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.optimizer.SharedData;
import io.neuroquantum.optimizer.model.Graph;
import io.neuroquantum.optimizer.model.InvalidModelException;
import io.neuroquantum.optimizer.model.Limits;
import io.neuroquantum.optimizer.model.TspInstance;
import org.junit.jupiter.api.Test;

class ParsersTest {

    private static final Limits L = Limits.DEFAULT;

    @Test
    void gsetReadsEdgesOneBased() {
        Graph g = GsetParser.parse("3 2\n1 2 1\n2 3 -1\n", L);
        assertThat(g.n()).isEqualTo(3);
        assertThat(g.u()).containsExactly(0, 1);
        assertThat(g.v()).containsExactly(1, 2);
        assertThat(g.w()).containsExactly(1.0, -1.0);
    }

    @Test
    void gsetRejectsMalformedInput() {
        assertThatThrownBy(() -> GsetParser.parse("", L)).isInstanceOf(ParseException.class).hasMessageContaining("header");
        assertThatThrownBy(() -> GsetParser.parse("3 -1\n", L)).hasMessageContaining("negative");
        assertThatThrownBy(() -> GsetParser.parse("3 2\n1 2 1\n", L)).hasMessageContaining("announces 2 edges, file has 1");
        assertThatThrownBy(() -> GsetParser.parse("3 1\n1 4 1\n", L)).hasMessageContaining("outside 1..3");
        assertThatThrownBy(() -> GsetParser.parse("3 1\n1 2 NaN\n", L)).hasMessageContaining("not finite");
        assertThatThrownBy(() -> GsetParser.parse("3 1\n1 2 x\n", L)).hasMessageContaining("line 2");
        assertThatThrownBy(() -> GsetParser.parse("3 1\n2 2 1\n", L)).hasMessageContaining("self loop");
        assertThatThrownBy(() -> GsetParser.parse("999999999 1\n", L)).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> GsetParser.parse("3 1\n1 2 1\n2 3 1\n", L)).hasMessageContaining("more edge lines");
    }

    @Test
    void dimacsDeduplicatesAndIgnoresHeaderCount() {
        Graph g = DimacsParser.parse("c test\np edge 3 99\ne 1 2\ne 2 1\ne 2 3\n", L);
        assertThat(g.edgeCount()).isEqualTo(2);
        assertThatThrownBy(() -> DimacsParser.parse("e 1 2\n", L)).isInstanceOf(ParseException.class).hasMessageContaining("before the 'p' line");
        assertThatThrownBy(() -> DimacsParser.parse("p edge -3 1\n", L)).hasMessageContaining("negative");
        assertThatThrownBy(() -> DimacsParser.parse("p edge 3 1\ne 1 5\n", L)).hasMessageContaining("outside");
        assertThatThrownBy(() -> DimacsParser.parse("p edge 3 1\nx 1 5\n", L)).hasMessageContaining("unknown line type");
    }

    @Test
    void dimacsFilesFromTheDataSet() throws Exception {
        assertThat(DimacsParser.parse(SharedData.read("coloring/DSJC125.1.col"), L).edgeCount()).isEqualTo(736);
        Graph q = DimacsParser.parse(SharedData.read("coloring/queen6_6.col"), L);
        assertThat(q.n()).isEqualTo(36);
        assertThat(q.edgeCount()).isEqualTo(290);
    }

    @Test
    void tsplibDistanceConventionsReproduceOptimalTours() throws Exception {
        check("ulysses16", 6859); // GEO
        check("att48", 10628);    // ATT
        check("eil51", 426);      // EUC_2D
        check("bays29", 2020);    // EXPLICIT FULL_MATRIX
        check("gr24", 1272);      // EXPLICIT LOWER_DIAG_ROW
    }

    private static void check(String name, long optimum) throws Exception {
        TspInstance t = TsplibParser.parse(SharedData.read("tsp/" + name + ".tsp"), L);
        int[] tour = TsplibParser.parseTour(SharedData.read("tsp/" + name + ".opt.tour"));
        assertThat(t.isPermutation(tour)).isTrue();
        assertThat(t.tourLength(tour)).as(name).isEqualTo(optimum);
    }

    @Test
    void tsplibExplicitFormats() {
        String upper = "NAME: t\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: UPPER_ROW\n"
                + "EDGE_WEIGHT_SECTION\n1 2\n3\nEOF\n";
        TspInstance t = TsplibParser.parse(upper, L);
        assertThat(t.d(0, 1)).isEqualTo(1);
        assertThat(t.d(2, 0)).isEqualTo(2);
        assertThat(t.d(1, 2)).isEqualTo(3);
        String upperDiag = "DIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : UPPER_DIAG_ROW\n"
                + "EDGE_WEIGHT_SECTION\n0 1 2 0 3 0\nEOF\n";
        assertThat(TsplibParser.parse(upperDiag, L).d(1, 2)).isEqualTo(3);
    }

    @Test
    void tsplibRejectsMalformedInput() {
        assertThatThrownBy(() -> TsplibParser.parse("DIMENSION: -4\n", L)).isInstanceOf(InvalidModelException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> TsplibParser.parse("DIMENSION: 100000\n", L)).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> TsplibParser.parse("DIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 1 NaN\n", L))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> TsplibParser.parse("DIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\nEOF\n", L)).hasMessageContaining("NODE_COORD_SECTION");
        assertThatThrownBy(() -> TsplibParser.parse("TYPE: ATSP\nDIMENSION: 3\n", L)).hasMessageContaining("symmetric");
        assertThatThrownBy(() -> TsplibParser.parse("DIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: UPPER_ROW\nEDGE_WEIGHT_SECTION\n1 2\n", L))
                .hasMessageContaining("has 2 of 3");
        assertThatThrownBy(() -> TsplibParser.parse("FOO: 1\n", L)).hasMessageContaining("unknown keyword");
    }
}
