package io.neuroquantum.realtime.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ChannelPatternTest {

    @Provide
    Arbitrary<List<String>> names() {
        return Arbitraries.strings().withCharRange('a', 'c').ofMinLength(1).ofMaxLength(3)
                .list().ofMinSize(1).ofMaxSize(6);
    }

    @Property
    void exactMatchesOnlyItself(@ForAll("names") List<String> a, @ForAll("names") List<String> b) {
        String x = String.join(".", a);
        String y = String.join(".", b);
        ChannelPattern p = ChannelPattern.parse(x);
        assertThat(p.isExact()).isTrue();
        assertThat(p.matches(x)).isTrue();
        assertThat(p.matches(y)).isEqualTo(x.equals(y));
    }

    @Property
    void singleStarMatchesExactlyOneSegment(@ForAll("names") List<String> prefix, @ForAll("names") List<String> rest) {
        ChannelPattern p = ChannelPattern.parse(String.join(".", prefix) + ".*");
        String name = String.join(".", prefix) + "." + String.join(".", rest);
        assertThat(p.matches(name)).isEqualTo(rest.size() == 1);
        assertThat(p.matches(String.join(".", prefix))).isFalse();
    }

    @Property
    void doubleStarMatchesAnyDepthBelow(@ForAll("names") List<String> prefix, @ForAll("names") List<String> rest) {
        ChannelPattern p = ChannelPattern.parse(String.join(".", prefix) + ".**");
        assertThat(p.matches(String.join(".", prefix) + "." + String.join(".", rest))).isTrue();
        assertThat(p.matches(String.join(".", prefix))).isFalse();
        assertThat(p.literalPrefix()).isEqualTo(String.join(".", prefix) + ".");
    }

    @Property
    void matchingAgreesWithSegmentwiseDefinition(@ForAll("names") List<String> name, @ForAll("names") List<String> pattern,
                                                 @ForAll("masks") List<Integer> mask) {
        // Turn some pattern segments into '*', maybe the last into '**'.
        String[] segs = pattern.toArray(String[]::new);
        for (int i = 0; i < segs.length; i++) {
            int m = mask.get(i % mask.size());
            if (m == 1) {
                segs[i] = "*";
            } else if (m == 2 && i == segs.length - 1) {
                segs[i] = "**";
            }
        }
        ChannelPattern p = ChannelPattern.parse(String.join(".", segs));
        assertThat(p.matches(String.join(".", name))).isEqualTo(reference(segs, name));
    }

    @Provide
    Arbitrary<List<Integer>> masks() {
        return Arbitraries.integers().between(0, 2).list().ofMinSize(1).ofMaxSize(6);
    }

    private static boolean reference(String[] pattern, List<String> name) {
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("**")) {
                return name.size() > i;
            }
            if (i >= name.size() || !pattern[i].equals("*") && !pattern[i].equals(name.get(i))) {
                return false;
            }
        }
        return name.size() == pattern.length;
    }

    @Example
    void examples() {
        assertThat(ChannelPattern.parse("sensors.*").matches("sensors.t1")).isTrue();
        assertThat(ChannelPattern.parse("sensors.*").matches("sensors.t1.raw")).isFalse();
        assertThat(ChannelPattern.parse("sensors.**").matches("sensors.t1.raw")).isTrue();
        assertThat(ChannelPattern.parse("*.t1").matches("sensors.t1")).isTrue();
        assertThat(ChannelPattern.parse("*.t1").literalPrefix()).isEmpty();
        assertThat(ChannelPattern.parse("sensors.*").matches("sensorsXt1")).isFalse();
    }

    @Example
    void rejectsMalformed() {
        assertThatThrownBy(() -> ChannelPattern.parse("a.**.b")).hasMessageContaining("last segment");
        assertThatThrownBy(() -> ChannelPattern.parse("a..b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> ChannelPattern.parse("a.b*")).hasMessageContaining("character");
        assertThatThrownBy(() -> ChannelPattern.parse("")).hasMessageContaining("empty");
        assertThat(ChannelNames.problem("a.*")).contains("character");
        assertThat(ChannelNames.problem("x".repeat(201))).contains("longer");
        assertThat(ChannelNames.isValid("sensors.t-1:raw_2")).isTrue();
    }
}
